// Captures real Java stack traces (javac/java 17). Usage: node java.mjs
import { captureAll, clean, run, version, writeCorpus } from './lib.mjs';

const PKG = 'src/com/example/shop';

const scenarios = [
  {
    name: 'null-pointer',
    file: `${PKG}/App.java`,
    files: {
      [`${PKG}/App.java`]: `package com.example.shop;

public class App {
    static int nameLength(String name) {
        return name.length(); // HERE
    }

    public static void main(String[] args) {
        System.out.println(nameLength(args.length > 5 ? "x" : null));
    }
}
`,
    },
    type: 'java.lang.NullPointerException',
    fn: 'com.example.shop.App.nameLength',
  },
  {
    name: 'caused-by-chain',
    file: `${PKG}/PriceService.java`,
    files: {
      [`${PKG}/PriceService.java`]: `package com.example.shop;

public class PriceService {
    int parse(String raw) {
        return Integer.parseInt(raw);
    }

    int price(String raw) {
        try {
            return parse(raw);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("price for SKU-4411 is unreadable", e); // HERE
        }
    }
}
`,
      [`${PKG}/App.java`]: `package com.example.shop;

public class App {
    public static void main(String[] args) {
        new PriceService().price("12,50");
    }
}
`,
    },
    type: 'java.lang.IllegalStateException',
    fn: 'com.example.shop.PriceService.price',
  },
  {
    name: 'jdk-frames-innermost',
    file: `${PKG}/App.java`,
    files: {
      [`${PKG}/App.java`]: `package com.example.shop;

import java.util.List;

public class App {
    public static void main(String[] args) {
        List<Integer> ids = List.of(1, 2, 3);
        ids.add(4); // HERE
    }
}
`,
    },
    type: 'java.lang.UnsupportedOperationException',
    fn: 'com.example.shop.App.main',
  },
  {
    name: 'lambda-in-stream',
    file: `${PKG}/Report.java`,
    files: {
      [`${PKG}/Report.java`]: `package com.example.shop;

import java.util.List;
import java.util.stream.Collectors;

public class Report {
    static List<Integer> lastDigits(List<int[]> rows) {
        return rows.stream()
                .map(r -> r[3]) // HERE
                .collect(Collectors.toList());
    }
}
`,
      [`${PKG}/App.java`]: `package com.example.shop;

import java.util.List;

public class App {
    public static void main(String[] args) {
        Report.lastDigits(List.of(new int[] {1, 2}));
    }
}
`,
    },
    type: 'java.lang.ArrayIndexOutOfBoundsException',
    fn: 'com.example.shop.Report.lambda$lastDigits$0',
  },
  {
    name: 'inner-class-constructor',
    file: `${PKG}/Order.java`,
    files: {
      [`${PKG}/Order.java`]: `package com.example.shop;

public class Order {
    static class InvalidOrderException extends RuntimeException {
        InvalidOrderException(String message) {
            super(message);
        }
    }

    class Line {
        Line(int qty) {
            if (qty <= 0) throw new InvalidOrderException("quantity must be positive, got " + qty); // HERE
        }
    }

    void add(int qty) {
        new Line(qty);
    }
}
`,
      [`${PKG}/App.java`]: `package com.example.shop;

public class App {
    public static void main(String[] args) {
        new Order().add(-3);
    }
}
`,
    },
    type: 'com.example.shop.Order$InvalidOrderException',
    fn: 'com.example.shop.Order$Line.<init>',
  },
  {
    name: 'static-initializer',
    file: `${PKG}/App.java`,
    files: {
      [`${PKG}/Config.java`]: `package com.example.shop;

public class Config {
    static final int PORT = Integer.parseInt(System.getProperty("shop.port", "eighty"));
}
`,
      [`${PKG}/App.java`]: `package com.example.shop;

public class App {
    public static void main(String[] args) {
        System.out.println(Config.PORT); // HERE
    }
}
`,
    },
    // the thrown (grouped) ExceptionInInitializerError's frames are main's; the cause is not parsed
    type: 'java.lang.ExceptionInInitializerError',
    fn: 'com.example.shop.App.main',
  },
  {
    name: 'print-stack-trace',
    how: 'caught, e.printStackTrace()',
    file: `${PKG}/App.java`,
    files: {
      [`${PKG}/App.java`]: `package com.example.shop;

import java.util.HashMap;
import java.util.Map;

public class App {
    static Map<String, Integer> stock = new HashMap<>();

    static int reserve(String sku) {
        int left = stock.get(sku); // HERE
        return left - 1;
    }

    public static void main(String[] args) {
        try {
            reserve("SKU-991");
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
    }
}
`,
    },
    type: 'java.lang.NullPointerException',
    fn: 'com.example.shop.App.reserve',
  },
];

const v = version('java', ['-version']);
const entries = captureAll({
  runtime: 'java',
  format: 'java',
  source: (s) => `captured: ${v} on linux, ${s.how ?? 'uncaught, stderr'}`,
  scenarios,
  exec: (s, dir) => {
    const sources = Object.keys(s.files);
    const c = run('javac', ['-g', '-d', 'out', ...sources], { cwd: dir });
    if (c.status !== 0) throw new Error(c.stderr);
    return clean(run('java', ['-cp', 'out', 'com.example.shop.App'], { cwd: dir }).stderr);
  },
});
// Java prints only file names: the expected file is the package path plus the name
for (const e of entries) e.expected.file = e.expected.file.replace(/^.*\/src\//, '');
writeCorpus('java', 'captured-java', entries);
