// Captures real Go panics (Debian's golang-go). Usage: node go.mjs
import { captureAll, clean, run, version, writeCorpus } from './lib.mjs';

const scenarios = [
  {
    name: 'index-out-of-range',
    files: {
      'main.go': `package main

import "fmt"

func third(xs []int) int {
	return xs[2] // HERE
}

func main() {
	fmt.Println(third([]int{1, 2}))
}
`,
    },
    type: 'runtime.Error',
    fn: 'main.third',
  },
  {
    name: 'nil-map-write',
    files: {
      'main.go': `package main

type Cache struct {
	items map[string]int
}

func (c *Cache) Put(k string, v int) {
	c.items[k] = v // HERE
}

func main() {
	c := &Cache{}
	c.Put("user:1042", 1)
}
`,
    },
    type: 'panic',
    fn: 'main.(*Cache).Put',
  },
  {
    name: 'nil-pointer',
    files: {
      'main.go': `package main

import "fmt"

type User struct{ Name string }

func greet(u *User) string {
	return "hello " + u.Name // HERE
}

func main() {
	fmt.Println(greet(nil))
}
`,
    },
    type: 'runtime.Error',
    fn: 'main.greet',
  },
  {
    name: 'custom-panic-error',
    files: {
      'main.go': `package main

import "fmt"

type Order struct{ ID, Qty int }

func (o Order) Validate() {
	if o.Qty <= 0 {
		panic(fmt.Errorf("order %d: invalid quantity %d", o.ID, o.Qty)) // HERE
	}
}

func main() {
	Order{ID: 7731, Qty: -2}.Validate()
}
`,
    },
    type: 'panic',
    fn: 'main.Order.Validate',
  },
  {
    name: 'goroutine',
    files: {
      'main.go': `package main

import (
	"sync"
	"time"
)

func worker(id int, wg *sync.WaitGroup) {
	defer wg.Done()
	time.Sleep(time.Millisecond)
	if id == 2 {
		panic("worker 2 lost its connection") // HERE
	}
}

func main() {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go worker(i, &wg)
	}
	wg.Wait()
}
`,
    },
    type: 'panic',
    fn: 'main.worker',
  },
  {
    name: 'repanic-recovered',
    files: {
      'main.go': `package main

import "errors"

func handle() {
	defer func() {
		if r := recover(); r != nil {
			panic(errors.New("request failed after recover")) // HERE
		}
	}()
	panic("first failure")
}

func main() {
	handle()
}
`,
    },
    type: 'panic',
    fn: 'main.handle.func1',
  },
  {
    name: 'stdlib-regexp',
    files: {
      'main.go': `package main

import "regexp"

var rules = []string{"^a+$", "(unclosed"}

func compileAll() []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, r := range rules {
		out = append(out, regexp.MustCompile(r)) // HERE
	}
	return out
}

func main() {
	compileAll()
}
`,
    },
    type: 'panic',
    fn: 'main.compileAll',
  },
];

const v = version('go', ['version']);
const entries = captureAll({
  runtime: 'go',
  format: 'go',
  source: `captured: ${v}, built binary, uncaught panic, stderr`,
  scenarios: scenarios.map((s) => ({ file: 'main.go', ...s })),
  exec: (s, dir) => {
    const env = { ...process.env, GO111MODULE: 'off', GOFLAGS: '', CGO_ENABLED: '0' };
    const b = run('go', ['build', '-o', 'app', 'main.go'], { cwd: dir, env });
    if (b.status !== 0) throw new Error(b.stderr);
    return clean(run('./app', [], { cwd: dir }).stderr);
  },
});
writeCorpus('go', 'captured-go', entries);
