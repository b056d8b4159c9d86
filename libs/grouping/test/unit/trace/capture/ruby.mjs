// Captures real Ruby backtraces (Debian's ruby). Usage: node ruby.mjs
import { join } from 'node:path';
import { captureAll, clean, run, version, writeCorpus } from './lib.mjs';

const scenarios = [
  {
    name: 'no-method-error',
    file: 'app.rb',
    files: {
      'app.rb': `class Cart
  def total(order)
    order.items.sum(&:price) # HERE
  end
end

Cart.new.total(nil)
`,
    },
    type: 'NoMethodError',
    fn: 'total',
  },
  {
    name: 'zero-division',
    file: 'app.rb',
    files: {
      'app.rb': `def average(values)
  values.sum / values.size # HERE
end

puts average([])
`,
    },
    type: 'ZeroDivisionError',
    fn: '/',
  },
  {
    name: 'custom-error-in-block',
    file: 'lib/billing.rb',
    files: {
      'lib/billing.rb': `module Billing
  class ChargeError < StandardError; end

  def self.charge_all(amounts)
    amounts.each do |a|
      raise ChargeError, "card declined for #{a} cents" if a > 1000 # HERE
    end
  end
end
`,
      'app.rb': `require_relative 'lib/billing'

Billing.charge_all([100, 5000])
`,
    },
    type: 'Billing::ChargeError',
    fn: 'block in charge_all',
  },
  {
    name: 'vendored-gem',
    file: 'app.rb',
    files: {
      'vendor/bundle/ruby/3.1.0/gems/tiny_parser-1.0.0/lib/tiny_parser.rb': `module TinyParser
  def self.parse(text)
    raise ArgumentError, "unexpected token at 0" if text.empty?
    text.split(",")
  end
end
`,
      'app.rb': `require_relative 'vendor/bundle/ruby/3.1.0/gems/tiny_parser-1.0.0/lib/tiny_parser'

def import_csv(line)
  TinyParser.parse(line) # HERE
end

import_csv("")
`,
    },
    type: 'ArgumentError',
    fn: 'import_csv',
  },
  {
    name: 'stdlib-json',
    file: 'app.rb',
    files: {
      'app.rb': `require 'json'

def load_settings(text)
  JSON.parse(text) # HERE
end

load_settings('{"theme": ')
`,
    },
    type: 'JSON::ParserError',
    fn: 'load_settings',
  },
  {
    name: 'dash-e',
    file: 'code.rb',
    files: { 'code.rb': 'config = nil\nconfig.fetch(:port) # HERE\n' },
    dashE: true,
    expectFile: '-e',
    type: 'NoMethodError',
    fn: '<main>',
  },
  {
    name: 'backtrace-array',
    how: 'e.backtrace as a JSON array (how SDKs send it), no header',
    file: 'app.rb',
    files: {
      'app.rb': `require 'json'

def lookup(users, id)
  users.fetch(id) # HERE
end

begin
  lookup({}, 42)
rescue KeyError => e
  puts JSON.generate(e.backtrace)
end
`,
    },
    array: true,
    type: null,
    fn: 'fetch',
  },
  {
    name: 'full-message-reversed',
    how: 'e.full_message(highlight: false, order: :bottom): the numbered, outermost-first form',
    file: 'app.rb',
    files: {
      'app.rb': `def step_three
  raise IOError, "disk full" # HERE
end

def step_two = step_three
def step_one = step_two

begin
  step_one
rescue IOError => e
  puts e.full_message(highlight: false, order: :bottom)
end
`,
    },
    stdout: true,
    type: 'IOError',
    fn: 'step_three',
  },
  {
    name: 'stack-too-deep',
    file: 'app.rb',
    files: {
      'app.rb': `def walk(n) = walk(n + 1) # HERE

walk(0)
`,
    },
    type: 'SystemStackError',
    fn: 'walk',
  },
  {
    name: 'rescue-in-with-cause',
    how: 'uncaught, stderr: the raised error, then its cause',
    file: 'app.rb',
    files: {
      'app.rb': `class ConfigError < StandardError; end

def load_config(path)
  File.read(path)
rescue Errno::ENOENT
  raise ConfigError, "missing #{path}" # HERE
end

load_config('/tmp/tracecorpus/ruby/no-such-config.yml')
`,
    },
    type: 'ConfigError',
    fn: 'rescue in load_config',
    frames: 3,
  },
  {
    name: 'block-in-class-body',
    file: 'app.rb',
    files: {
      'app.rb': `class Settings
  KEYS = %w[port host].map do |key|
    name = "SHOP_#{key.upcase}"
    raise ArgumentError, "#{name} is not set" unless ENV.key?(name) # HERE
    ENV.fetch(name)
  end
end
`,
    },
    type: 'ArgumentError',
    fn: 'block in <class:Settings>',
    frames: 4,
  },
  {
    name: 'top-required',
    file: 'lib/db.rb',
    files: {
      'lib/db.rb': `DRIVER = ENV['SHOP_DB_DRIVER']
raise ArgumentError, "SHOP_DB_DRIVER is not set" if DRIVER.nil? # HERE
`,
      'app.rb': `require_relative 'lib/db'
`,
    },
    type: 'ArgumentError',
    fn: '<top (required)>',
    frames: 3,
  },
  {
    name: 'module-body',
    file: 'app.rb',
    files: {
      'app.rb': `module Billing
  VAT = ENV.fetch('SHOP_VAT', '0.2x')
  raise ArgumentError, "VAT rate #{VAT.inspect} is not a number" unless VAT.match?(/\\A[0-9.]+\\z/) # HERE
end
`,
    },
    type: 'ArgumentError',
    fn: '<module:Billing>',
    frames: 2,
  },
  {
    name: 'thread-nested-blocks',
    how: 'uncaught in a thread, stderr: the thread report, then the same error again from join',
    file: 'app.rb',
    files: {
      'app.rb': `worker = Thread.new do
  [3, 0].each do |size|
    [size].each { |s| raise ZeroDivisionError, "batch size #{s}" if s.zero? } # HERE
  end
end
worker.join
`,
    },
    type: 'ZeroDivisionError',
    fn: 'block (3 levels) in <main>',
    frames: 5,
  },
];

const v = version('ruby', ['--version']);
const entries = captureAll({
  runtime: 'ruby',
  format: 'ruby',
  source: (s) => `captured: ${v} on linux, ${s.how ?? 'uncaught, stderr'}`,
  scenarios,
  exec: (s, dir) => {
    if (s.dashE) return clean(run('ruby', ['-e', s.files[s.file]], { cwd: dir }).stderr);
    const r = run('ruby', [join(dir, 'app.rb')], { cwd: dir });
    if (s.array) {
      // the frames as the Ruby SDK would send them, only those mentioning the scenario matter
      return JSON.parse(r.stdout);
    }
    return clean(s.stdout ? r.stdout : r.stderr);
  },
});
writeCorpus('ruby', 'captured-ruby', entries);
