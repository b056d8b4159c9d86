// The page and scripts the browser captures run: each scenario throws a real error and records
// error.stack. Lines that raise carry a `HERE:<scenario>` marker (expected innermost in-app line).

export const APP_JS = `'use strict';
window.__results = [];
window.__record = function (name, e) {
  window.__results.push({ name: name, type: e && e.name, message: e && e.message, stack: e && e.stack });
};

function cartTotal(cart) {
  return cart.items.length; // HERE:type-error
}

function showMissing() {
  return missingVariable + 1; // HERE:reference-error
}

class ValidationError extends Error {
  constructor(message) {
    super(message); // HERE_CTOR:custom-error
    this.name = 'ValidationError';
  }
}

function validateForm(form) {
  if (!form.email) throw new ValidationError('email is required for form 1234'); // HERE:custom-error
}

class Widget {
  constructor(el) {
    this.height = el.offsetHeight; // HERE:constructor
  }
}

function mountWidget() {
  return new Widget(null);
}

function runRule(rule) {
  return eval(rule); // HERE:eval
}

function compileTemplate(src) {
  return new Function('data', src); // HERE:new-function
}

function renderTemplate() {
  const t = compileTemplate('var x = 1;\\nreturn data.user.name');
  return t({});
}

async function loadProfile(id) {
  await null;
  throw new Error('profile ' + id + ' not found'); // HERE:async-await
}

async function showProfile() {
  await loadProfile(7);
}

async function fetchPart(i) {
  await null;
  if (i === 1) throw new TypeError('part ' + i + ' is malformed'); // HERE:promise-all
  return i;
}

async function loadAllParts() {
  return await Promise.all([fetchPart(0), fetchPart(1)]);
}

function parsePrices(list) {
  return list.map(function (p) {
    return p.amount.toFixed(2); // HERE:array-map
  });
}

function decodeSettings(text) {
  return JSON.parse(text); // HERE:json-parse
}

function runWebpackModule() {
  eval('function cartReducer(state) {\\n  return state.items.concat([]);\\n}\\ncartReducer(undefined);\\n//# sourceURL=webpack://shop/./src/store/cart.js'); // HERE_JSC:webpack-module
}

eval('window.vendorFormat = function vendorFormat(d) {\\n  return d.toISOString();\\n};\\n//# sourceURL=webpack://shop/./node_modules/tiny-date/index.js');

function formatOrderDate(order) {
  return window.vendorFormat(order.date); // HERE:vendor-module
}

class Account {
  #limits = null;
  #check(n) {
    return this.#limits.max >= n; // HERE:private-method
  }
  get canWithdraw() {
    return this.#check(100);
  }
}

function depth(node) { return 1 + depth({ parent: node }); } // HERE:stack-overflow

function* idSequence() {
  yield 1;
  throw new Error('sequence exhausted'); // HERE:generator
}

function drainIds() {
  const it = idSequence();
  it.next();
  return it.next();
}

async function capture(name, fn) {
  try {
    await fn(); // HERE_JSC:tail-call
    window.__results.push({ name: name, stack: 'NO ERROR' });
  } catch (e) {
    window.__record(name, e);
  }
}

window.__syncScenarios = async function () {
  await capture('type-error', function () { return cartTotal(undefined); });
  await capture('reference-error', showMissing);
  await capture('custom-error', function () { return validateForm({}); });
  await capture('constructor', mountWidget);
  await capture('eval', function () { return runRule('var limit = 3;\\nlimit.check.now()'); });
  await capture('new-function', renderTemplate);
  await capture('async-await', showProfile);
  await capture('promise-all', loadAllParts);
  await capture('array-map', function () { return parsePrices([{ amount: 1 }, {}]); });
  await capture('json-parse', function () { return decodeSettings('{"theme": "dark",'); });
  await capture('webpack-module', runWebpackModule);
  await capture('vendor-module', function () { return formatOrderDate({ date: 'x' }); });
  await capture('private-method', function () { return new Account().canWithdraw; });
  await capture('stack-overflow', function () { return depth(null); });
  await capture('generator', drainIds);
};
`;

/** Only in browsers: DOM events, timers, blob: URLs, promise callbacks. */
export const DOM_JS = `'use strict';
function onBuyClick() {
  window.basket.checkout(); // HERE:event-listener
}

function dispatchClick() {
  const button = document.createElement('button');
  button.addEventListener('click', onBuyClick);
  window.addEventListener('error', function (ev) { window.__record('event-listener', ev.error); }, { once: true });
  button.dispatchEvent(new Event('click'));
}

function scheduleRetry(done) {
  setTimeout(function retryJob() {
    try {
      window.jobs.get('job-42').run(); // HERE:timer
    } catch (e) {
      window.__record('timer', e);
    }
    done();
  }, 10);
}

function loadBlobScript(done) {
  const code = '\\nfunction blobTask() {\\n  throw new Error("blob task failed");\\n}\\ntry { blobTask(); } catch (e) { window.__record("blob-url", e); }\\n';
  const s = document.createElement('script');
  s.src = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  s.onload = done;
  s.onerror = done;
  document.head.appendChild(s);
}

function promiseCallback() {
  return Promise.resolve({ items: null }).then(function onLoaded(res) {
    return res.items.length; // HERE:promise-then
  });
}

window.__domScenarios = async function () {
  dispatchClick();
  await new Promise(scheduleRetry);
  await new Promise(loadBlobScript);
  try {
    await promiseCallback();
  } catch (e) {
    window.__record('promise-then', e);
  }
};
`;

/** One line, like a minifier's output: a licence comment, then the code. */
export const BUNDLE_JS =
  '/*! shop v1.2.0 | MIT */!function(){"use strict";function n(n){return n.reduce(function(n,t){return n+t.qty},0)}function t(t){if(n(t)>2)throw /*@*/new Error("checkout failed: "+n(t)+" items");return!0}var e=document.currentScript?document.currentScript.getAttribute("data-name"):"bundle";try{t([{qty:2},{qty:3}])}catch(r){window.__record(e,r)}}();\n';

export function indexHtml(otherOrigin) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>trace capture</title></head>
<body>
<pre id="out">pending</pre>
<script src="/static/js/app.js"></script>
<script src="/static/js/dom.js"></script>
<script src="/static/js/main.3f9a2c1b.js" data-name="minified-bundle"></script>
<script src="${otherOrigin}/static/js/main.3f9a2c1b.js?v=2#top" data-name="minified-bundle-other-origin"></script>
<script>
(async function () {
  await window.__syncScenarios();
  await window.__domScenarios();
  const json = JSON.stringify(window.__results);
  document.getElementById('out').textContent = json;
  try {
    await fetch('/report', { method: 'POST', body: json });
  } catch (e) {}
})();
</script>
</body></html>
`;
}
