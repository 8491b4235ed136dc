// NudgeKit from plain <script> tags: the core file (tracking and delivery) plus the add-on
// files this page uses (lifecycle, rules, dom), each extending window.NudgeKit. A page that
// only tracks loads the core alone.
// The collector from `node examples/collector/server.mjs` listens on 127.0.0.1:4400 with
// the write key `demo-write-key`; ?endpoint=... on this page's URL points elsewhere.
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var endpoint = params.get('endpoint') || 'http://127.0.0.1:4400/v1/batch';
  var status = document.getElementById('status');

  var nk = NudgeKit.createNudgeKit({
    endpoint: endpoint,
    writeKey: params.get('writeKey') || 'demo-write-key',
    features: [
      // nudgekit.lifecycle.iife.min.js: the profile and the lifecycle stage.
      NudgeKit.lifecycle({ conversionEvents: ['purchase'], revenueProperty: 'revenue' }),
      // nudgekit.rules.iife.min.js: rules and nudges; nudgekit.dom.iife.min.js: the renderer.
      NudgeKit.targeting({
        rules: [
          // A rule with the typed builder: thank a visitor who signs up.
          NudgeKit.rule('thanks-for-signing-up')
            .on({ event: 'signup' })
            .show({ type: 'toast', title: 'Welcome aboard', body: 'Your account is ready.', placement: 'bottom-right' })
            .cap({ lifetime: 1 }),
          // A preset: a returning customer (silent -> resurrected) gets a welcome-back modal.
          NudgeKit.welcomeBack(),
        ],
        renderer: NudgeKit.domRenderer(),
      }),
    ],
    onError: function (err) {
      status.textContent = err.code + ': ' + err.message;
    },
  });

  nk.page();
  nk.on('stageChange', function (change) {
    status.textContent = 'Lifecycle stage: ' + change.from + ' → ' + change.to;
  });
  document.getElementById('signup').addEventListener('click', function () {
    nk.track('signup', { method: 'email' });
  });
  document.getElementById('buy').addEventListener('click', function () {
    nk.track('purchase', { revenue: 25, currency: 'EUR' });
  });
  document.getElementById('flush').addEventListener('click', function () {
    nk.flush().then(function () {
      var s = nk.stats();
      status.textContent = 'Sent ' + s.sent + ' event(s); ' + s.queued + ' waiting.';
    });
  });
})();
