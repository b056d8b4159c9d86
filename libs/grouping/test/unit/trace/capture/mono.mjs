// Captures real .NET stack traces from Mono (Debian's mono-mcs/mono-runtime), which prints the
// Mono shape (`at Ns.Type.Method () [0x00012] in /path/File.cs:42`). Usage: node mono.mjs
import { captureAll, clean, run, version, writeCorpus } from './lib.mjs';

const scenarios = [
  {
    name: 'null-reference',
    files: {
      'Program.cs': `using System;

namespace Shop
{
    class Cart
    {
        public string Coupon;
        public int CouponLength() { return Coupon.Length; } // HERE
    }

    static class Program
    {
        static void Main(string[] args)
        {
            Console.WriteLine(new Cart().CouponLength());
        }
    }
}
`,
    },
    type: 'System.NullReferenceException',
    fn: 'Shop.Cart.CouponLength',
  },
  {
    name: 'custom-exception',
    files: {
      'Program.cs': `using System;

namespace Shop.Billing
{
    public class PaymentDeclinedException : Exception
    {
        public PaymentDeclinedException(string message) : base(message) { }
    }

    static class Program
    {
        static void Charge(decimal amount)
        {
            if (amount > 1000m) throw new PaymentDeclinedException("card declined for order 88231");
        } // HERE: Mono's debug info puts a throw that ends a method on its closing brace

        static void Main()
        {
            Charge(5000m);
        }
    }
}
`,
    },
    type: 'Shop.Billing.PaymentDeclinedException',
    fn: 'Shop.Billing.Program.Charge',
  },
  {
    name: 'inner-exception',
    files: {
      'Program.cs': `using System;

namespace Shop
{
    static class Program
    {
        static int ParsePort(string raw)
        {
            return int.Parse(raw);
        }

        static int LoadConfig()
        {
            try
            {
                return ParsePort("eighty");
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException("config is invalid", e); // HERE
            }
        }

        static void Main()
        {
            LoadConfig();
        }
    }
}
`,
    },
    type: 'System.InvalidOperationException',
    fn: 'Shop.Program.LoadConfig',
  },
  {
    name: 'linq-lambda',
    files: {
      'Program.cs': `using System;
using System.Linq;

namespace Shop
{
    static class Program
    {
        static void Main()
        {
            var qty = new[] { 3, 0, 2 };
            var perItem = qty.Select(q => 12 / q).ToList(); // HERE
            Console.WriteLine(perItem.Count);
        }
    }
}
`,
    },
    type: 'System.DivideByZeroException',
    fn: 'Shop.Program.<Main>m__0',
  },
  {
    name: 'framework-frames-innermost',
    files: {
      'Program.cs': `using System;
using System.Collections.Generic;

namespace Shop
{
    static class Program
    {
        static Dictionary<string, int> stock = new Dictionary<string, int>();

        static int Reserve(string sku)
        {
            return stock[sku] - 1; // HERE
        }

        static void Main()
        {
            Reserve("SKU-7");
        }
    }
}
`,
    },
    type: 'System.Collections.Generic.KeyNotFoundException',
    fn: 'Shop.Program.Reserve',
  },
  {
    name: 'to-string',
    how: 'caught, Console.Error.WriteLine(e.ToString())',
    files: {
      'Program.cs': `using System;

namespace Shop
{
    static class Program
    {
        static string Initials(string name)
        {
            return name.Substring(0, 2); // HERE
        }

        static void Main()
        {
            try
            {
                Initials("x");
            }
            catch (Exception e)
            {
                Console.Error.WriteLine(e.ToString());
            }
        }
    }
}
`,
    },
    type: 'System.ArgumentOutOfRangeException',
    fn: 'Shop.Program.Initials',
  },
];

const v = version('mono', ['--version']);
const entries = captureAll({
  runtime: 'dotnet',
  format: 'dotnet',
  source: (s) => `captured: ${v.replace(/ \(.*$/, '')} on linux (mcs -debug, mono --debug), ${s.how ?? 'uncaught, stderr'}`,
  scenarios: scenarios.map((s) => ({ file: 'Program.cs', ...s })),
  exec: (s, dir) => {
    const c = run('mcs', ['-debug', '-out:app.exe', 'Program.cs'], { cwd: dir });
    if (c.status !== 0) throw new Error(c.stdout + c.stderr);
    return clean(run('mono', ['--debug', 'app.exe'], { cwd: dir }).stderr);
  },
});
writeCorpus('dotnet', 'captured-mono', entries);
