// Captures real PHP errors (Debian's php-cli). Usage: node php.mjs
import { captureAll, clean, run, version, writeCorpus } from './lib.mjs';

const scenarios = [
  {
    name: 'uncaught-exception',
    files: {
      'app.php': `<?php
function findUser(array $users, int $id): array
{
    if (!isset($users[$id])) {
        throw new RuntimeException("user $id not found"); // HERE
    }
    return $users[$id];
}

findUser([], 4021);
`,
    },
    type: 'RuntimeException',
    fn: 'findUser',
  },
  {
    name: 'type-error',
    files: {
      'app.php': `<?php
declare(strict_types=1);

function addTax(float $amount): float // HERE: PHP reports an argument TypeError where the callee is declared
{
    return $amount * 1.2;
}

function checkout(array $cart): float
{
    return addTax($cart['total']);
}

checkout(['total' => '12.50']);
`,
    },
    type: 'TypeError',
    fn: 'addTax',
  },
  {
    name: 'division-by-zero-method',
    files: {
      'src/Stats.php': `<?php
namespace App;

class Stats
{
    public function average(array $values): int
    {
        return intdiv(array_sum($values), count($values)); // HERE
    }
}
`,
      'app.php': `<?php
require __DIR__ . '/src/Stats.php';

(new App\\Stats())->average([]);
`,
    },
    file: 'src/Stats.php',
    type: 'DivisionByZeroError',
    fn: 'intdiv',
  },
  {
    name: 'chained-previous',
    files: {
      'app.php': `<?php
function connect(string $dsn): void
{
    throw new InvalidArgumentException("bad dsn $dsn");
}

function boot(): void
{
    try {
        connect('mysql:host=10.0.0.12');
    } catch (InvalidArgumentException $e) {
        throw new RuntimeException('database unavailable', 503, $e); // HERE
    }
}

boot();
`,
    },
    type: 'RuntimeException',
    fn: 'boot',
  },
  {
    name: 'closure-internal-function',
    files: {
      'app.php': `<?php
$prices = [['amount' => 3], ['amount' => null]];
$totals = array_map(function (array $p): string {
    return number_format($p['amount'] * 1.2, 2, '.', '') . strtoupper(null ?? throw new LogicException('missing amount')); // HERE
}, $prices);
`,
    },
    type: 'LogicException',
    fn: '{closure}',
  },
  {
    name: 'vendor-library',
    files: {
      'vendor/acme/yaml/src/Parser.php': `<?php
namespace Acme\\Yaml;

class ParseException extends \\RuntimeException {}

class Parser
{
    public function parse(string $text): array
    {
        if (str_contains($text, "\\t")) {
            throw new ParseException('tabs are not allowed at line 3');
        }
        return [];
    }
}
`,
      'app.php': `<?php
require __DIR__ . '/vendor/acme/yaml/src/Parser.php';

function loadConfig(string $text): array
{
    return (new Acme\\Yaml\\Parser())->parse($text); // HERE
}

loadConfig("a:\\n\\tb: 1");
`,
    },
    type: 'Acme\\Yaml\\ParseException',
    fn: 'loadConfig',
  },
  {
    name: 'exception-to-string',
    how: 'caught, echo (string) $e',
    stdout: true,
    files: {
      'app.php': `<?php
class Inventory
{
    public function reserve(string $sku, int $qty): void
    {
        throw new OutOfRangeException("cannot reserve $qty of $sku"); // HERE
    }
}

try {
    (new Inventory())->reserve('SKU-88', 12);
} catch (Exception $e) {
    echo $e, "\\n";
}
`,
    },
    type: 'OutOfRangeException',
    fn: 'Inventory->reserve',
  },
  {
    name: 'warning',
    files: {
      'app.php': `<?php
function label(array $item): string
{
    return strtoupper($item['name']); // HERE
}

label([]);
`,
    },
    type: 'Warning',
    fn: null,
  },
  {
    name: 'parse-error',
    files: {
      'app.php': `<?php
function total($a, $b) {
    return $a + $b // HERE
}
`,
    },
    line: 4,
    type: 'Parse error',
    fn: null,
  },
];

for (const s of scenarios) s.file ??= 'app.php';
const v = version('php', ['--version']);
const entries = captureAll({
  runtime: 'php',
  format: 'php',
  source: (s) =>
    `captured: ${v.replace(/ \(.*$/, '')} on linux, ${s.how ?? `uncaught, stderr (${scenarios.indexOf(s) % 2 === 0 ? 'log_errors' : 'display_errors'})`}`,
  scenarios,
  exec: (s, dir) => {
    // every other scenario through the error log (`PHP Fatal error:  Uncaught …`), the others displayed
    const log = scenarios.indexOf(s) % 2 === 0;
    const ini = log ? ['-d', 'display_errors=0', '-d', 'log_errors=1'] : ['-d', 'display_errors=stderr', '-d', 'log_errors=0'];
    const r = run('php', [...ini, '-d', 'html_errors=0', 'app.php'], { cwd: dir });
    return clean(s.stdout ? r.stdout : r.stderr);
  },
});
writeCorpus('php', 'captured-php', entries);
