/**
 * The demo shop: one NudgeKit client from the script tag (window.NudgeKit), and panels that
 * show what it does. Everything is written with textContent: no HTML is ever built from data.
 */
(function () {
  'use strict';
  var NK = window.NudgeKit;
  var config = window.nudgeDemoConfig;
  var state = window.NudgeDemoState;
  var clock = state.clock;
  var view = window.NudgeDemoView;
  var describe = view.describe;
  var item = view.item;
  var when = function (ms) {
    return view.when(ms, clock.now());
  };
  var $ = function (id) {
    return document.getElementById(id);
  };

  var PRODUCTS = {
    'MUG-1': { name: 'Enamel camp mug', price: 18 },
    'HAT-1': { name: 'Merino beanie', price: 29 },
    'TOTE-1': { name: 'Waxed canvas tote', price: 45 },
  };
  var cart = state.cart().filter(function (sku) {
    return Object.prototype.hasOwnProperty.call(PRODUCTS, sku);
  });
  var titles = {};
  var errors = [];

  if (!NK || !config) {
    $('status').textContent = 'The NudgeKit bundle or the demo config did not load: run `npm run demo`.';
    return;
  }

  // Rules in code: the welcome-back preset. The collector's rule file (loaded below) adds
  // more and, for the same id, replaces this one: server rules win.
  var rules = [NK.welcomeBack({ nudge: { primary: { label: 'Take a look', url: '/whats-new' } } })];
  rules.forEach(function (r) {
    titles[r.id] = r.nudge.title;
  });

  var nk = NK.createNudgeKit({
    endpoint: config.endpoint,
    writeKey: config.writeKey,
    batch: { intervalMs: 1000 },
    clock: clock,
    store: 'indexeddb',
    features: [
      NK.lifecycle({
        conversionEvents: ['purchase'],
        revenueProperty: 'revenue',
        tier: { highSpend: 200, midSpend: 1 },
        // BG/NBD parameters fitted on the CDNOW data set (Fader, Hardie & Lee 2005), in weeks.
        churnModel: NK.bgnbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unitDays: 7 }),
        computed: {
          cartItems: {
            on: ['add_to_cart', 'purchase'],
            initial: 0,
            reduce: function (value, event) {
              return event.type === 'track' && event.event === 'purchase' ? 0 : Number(value) + 1;
            },
          },
        },
      }),
      NK.targeting({
        rules: rules,
        renderer: NK.domRenderer({
          // Banners in the page's flow, above the header: they push it down, covering nothing.
          container: $('nudge-slot'),
          banners: 'inline',
          // On a phone a corner toast covers half the page: there it goes in the flow too.
          toasts: window.matchMedia && window.matchMedia('(max-width: 560px)').matches ? 'inline' : 'overlay',
          // Stay on the page: show where the nudge would lead instead of navigating away.
          navigate: function (url) {
            setStatus('The nudge asked to open ' + url + ' (the demo stays on this page).');
          },
        }),
      }),
    ],
    onError: function (err) {
      errors.push((err.code || 'error') + ': ' + err.message);
      if (errors.length > 20) errors.shift();
      logsDirty = true;
      scheduleRender();
    },
  });

  nk.on('event', function (event) {
    if (leaving) return;
    var name = event.type === 'track' ? event.event : event.type;
    var props = event.type === 'identify' ? event.traits : event.properties || {};
    var at = Date.parse(event.timestamp);
    state.addEvent({
      id: event.messageId,
      anonymousId: event.anonymousId,
      name: name,
      stage: event.context && event.context.lifecycle ? event.context.lifecycle.stage : '',
      at: at,
      detail: describe(name, props),
    });
    if (name.indexOf('nudge_') === 0 && props.ruleId) state.addNudgeEvent(name, props, at);
    logsDirty = true;
    scheduleRender();
  });
  nk.on('stageChange', function (change) {
    if (leaving) return;
    // A change time made (new -> active) may be in the history already, from the clock's render.
    var last = state.history()[state.history().length - 1];
    if (!last || last.stage !== change.to) {
      state.addStage(change.from, 'event');
      state.addStage(change.to, 'event');
    }
    setStatus('Stage changed: ' + change.from + ' → ' + change.to);
    scheduleRender();
  });
  // Every nudge passes here (a headless app would render it itself); the DOM renderer shows this one.
  nk.on('nudge', function (nudge) {
    setStatus('Nudge from rule ' + nudge.ruleId + ': ' + (nudge.title || nudge.type));
  });

  // --- shop actions ---
  document.addEventListener('click', function (e) {
    var target = e.target instanceof Element ? e.target.closest('button') : null;
    if (!target) return;
    var sku = target.getAttribute('data-sku');
    var action = target.getAttribute('data-action');
    var control = target.getAttribute('data-control');
    if (sku && action === 'view') viewProduct(sku);
    else if (sku && action === 'add') addToCart(sku);
    else if (target.id === 'buy') buy();
    else if (control) runControl(control);
  });

  function viewProduct(sku) {
    var p = PRODUCTS[sku];
    nk.page('Product', { sku: sku, path: '/products/' + sku });
    nk.track('product_viewed', { sku: sku, name: p.name, price: p.price });
    $('viewing').textContent = 'Viewing: ' + p.name;
  }
  function addToCart(sku) {
    cart.push(sku);
    state.setCart(cart);
    nk.track('add_to_cart', { sku: sku, price: PRODUCTS[sku].price, cartSize: cart.length });
    render();
  }
  function cartTotal() {
    return cart.reduce(function (sum, sku) {
      return sum + PRODUCTS[sku].price;
    }, 0);
  }
  function buy() {
    if (cart.length === 0) return;
    nk.track('purchase', { revenue: cartTotal(), currency: 'EUR', items: cart.length, skus: cart.slice() });
    setStatus('Thank you for your order of €' + cartTotal().toFixed(2) + '.');
    cart = [];
    state.setCart(cart);
    render();
  }

  function runControl(control) {
    var jump = state.clockJump(control);
    if (jump) {
      state.jumpDays(jump.days);
      setStatus('Jumped ' + jump.days + ' days ahead. ' + jump.hint);
      render();
    } else if (control === 'reload') {
      location.reload();
    } else if (control === 'identify') {
      nk.identify('user-42', { plan: 'free', name: 'Demo User' });
    } else if (control === 'flush') {
      nk.flush().then(function () {
        setStatus('Everything queued was sent.');
        render();
      });
    } else if (control === 'reset' || control === 'reset-no') {
      // Reset erases everything: ask first, in the page (no blocking browser dialog).
      var asking = control === 'reset' && $('reset-confirm').hidden;
      $('reset-confirm').hidden = !asking;
      $('reset').setAttribute('aria-expanded', String(asking));
      if (asking) $('reset-yes').focus();
    } else if (control === 'reset-yes') {
      // Stop recording first: nothing may land in the demo's logs between clear() and the reload.
      isReady = false;
      leaving = true;
      nk.forget().then(function () {
        state.clear();
        location.reload();
      });
    }
  }

  // --- panels ---
  var isReady = false;
  var leaving = false;
  var logsDirty = true;
  var renderQueued = false;
  function scheduleRender() {
    if (renderQueued) return;
    renderQueued = true;
    setTimeout(function () {
      renderQueued = false;
      render();
    }, 30);
  }
  function setStatus(text) {
    $('status').textContent = text;
  }
  function text(id, value) {
    $(id).textContent = value;
  }

  function render() {
    var now = clock.now();
    var days = state.offsetDays();
    text('clock-now', new Date(now).toISOString().slice(0, 16).replace('T', ' ') + ' UTC');
    text('clock-offset', days ? '+' + days + ' days ahead of real time' : 'real time');

    renderCart();
    renderLogs();
    // Before the stored profile is restored, profile() is a blank one: do not show or record it.
    if (!isReady) return;
    var p = nk.profile();
    state.addStage(p.stage, 'clock'); // a stage can change with time alone (silent after 14 days)
    var stageEl = $('profile-stage');
    stageEl.textContent = p.stage;
    stageEl.setAttribute('data-stage', p.stage);
    text('profile-tier', p.tier);
    var user = nk.user();
    text('profile-user', user.userId ? user.userId : 'anonymous ' + user.anonymousId.slice(0, 8));
    text('profile-sessions', String(p.sessions.count));
    var seen = 0;
    Object.keys(p.events).forEach(function (k) {
      seen += p.events[k].count;
    });
    text('profile-events', String(seen) + ' (' + Object.keys(p.events).length + ' names)');
    text('profile-conversions', String(p.conversions.count) + (p.conversions.first ? ', first ' + when(p.conversions.first) : ''));
    text('profile-revenue', '€' + p.conversions.revenue.toFixed(2));
    text('profile-last-active', when(p.lastActive));
    text('profile-returned', when(p.returnedAt));
    text('profile-rfm', p.rfm ? 'R' + p.rfm.r + ' F' + p.rfm.f + (p.rfm.m === null ? '' : ' M' + p.rfm.m) : '—');
    text('profile-palive', p.pAlive === null ? '—' : p.pAlive.toFixed(2) + (p.atRisk ? ' (at risk)' : ''));
    text('profile-palive-note', view.paliveNote(p));

    var history = $('stage-history');
    history.replaceChildren();
    state.history().forEach(function (h) {
      item(history, [['stage', h.stage], ['muted', new Date(h.at).toISOString().slice(0, 10)]], { 'data-stage': h.stage });
    });
  }

  function renderCart() {
    var cartText = cart.length ? cart.length + ' item(s), €' + cartTotal().toFixed(2) : 'empty';
    text('cart-summary', cartText);
    $('buy').disabled = cart.length === 0;
  }

  function renderLogs() {
    // stats() counts from this page load; the demo keeps the totals across reloads.
    var s = state.deliveryTotals(nk.stats());
    text('delivery-stats', 'queued ' + s.queued + ' · sent ' + s.sent + ' · retried ' + s.retried + ' · failed ' + s.failed + ' · dropped ' + s.dropped);
    // The lists are rebuilt only when something new arrived, not on every clock tick.
    if (!logsDirty) return;
    logsDirty = false;
    var events = state.events();
    text('event-count', String(events.length));
    var log = $('event-log');
    log.replaceChildren();
    for (var i = events.length - 1; i >= Math.max(0, events.length - 200); i--) {
      var e = events[i];
      item(log, [['time', new Date(e.at).toISOString().slice(5, 16).replace('T', ' ')], ['name', e.name], ['detail', e.detail], ['stage', e.stage]], {
        'data-message-id': e.id,
        'data-event': e.name,
        'data-stage': e.stage,
      });
    }

    var nudges = state.nudges();
    var nudgeLog = $('nudge-log');
    nudgeLog.replaceChildren();
    nudges.forEach(function (n) {
      item(nudgeLog, [['name', titles[n.ruleId] || n.ruleId], ['muted', n.type], ['outcome', n.outcome]], { 'data-rule-id': n.ruleId });
    });
    $('nudge-empty').hidden = nudges.length > 0;

    var errorLog = $('error-log');
    errorLog.replaceChildren();
    errors.forEach(function (message) {
      item(errorLog, [['error', message]]);
    });
  }

  $('collector-link').href = config.collectorUrl + '/';
  // For the console (and the e2e test): nudgeDemo.nk.track('anything').
  window.nudgeDemo = { nk: nk, state: state };

  // The rule file from the collector (examples/rules/rules.json). loadRules never rejects.
  var rulesLoaded = NK.loadRules(nk, config.rulesUrl).then(function (result) {
    (result.rules || []).forEach(function (r) {
      titles[r.id] = (r.nudge && r.nudge.title) || r.id;
    });
    logsDirty = true;
    if (!result.ok) setStatus('Could not load the rules from the collector; using the rules in code.');
  });
  // The first page view waits for the server's rules (at most 5 s), so a returning visitor's
  // welcome-back prompt is the one the server defines.
  var rulesOrTimeout = Promise.race([
    rulesLoaded,
    new Promise(function (done) {
      setTimeout(done, 5000);
    }),
  ]);
  Promise.all([nk.ready(), rulesOrTimeout]).then(function () {
    isReady = true;
    state.addStage(nk.profile().stage, 'start');
    nk.page('Shop');
    render();
  });
  render();
  setInterval(render, 1000);
})();
