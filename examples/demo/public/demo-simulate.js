/**
 * The "Simulate customers" button: asks the demo server (POST /simulate) to run the population
 * simulator against this demo's collector, shows how far it is while it runs, then links to
 * the collector's dashboard, where the experiment it fills appears.
 */
(function () {
  'use strict';
  var $ = function (id) {
    return document.getElementById(id);
  };
  var config = window.nudgeDemoConfig;
  var button = $('simulate');
  var status = $('simulate-status');
  var link = $('dashboard-link');
  if (!button || !config) return;
  link.href = config.collectorUrl + '/';

  function say(text) {
    status.textContent = text;
  }

  /** "a 123 exposed, 12 bought · b …" from the simulator's own count per arm. */
  function arms(result) {
    return Object.keys(result.arms || {})
      .sort()
      .map(function (arm) {
        var a = result.arms[arm];
        return arm + ': ' + a.exposed + ' exposed, ' + a.converted + ' bought';
      })
      .join(' · ');
  }

  button.addEventListener('click', function () {
    button.disabled = true;
    link.hidden = true;
    say('Simulating customers…');
    // Progress while the run lasts (a few seconds); the POST answers when it is over.
    var poll = setInterval(function () {
      fetch('/simulate')
        .then(function (r) {
          return r.json();
        })
        .then(function (s) {
          if (s.running) say('Simulating customers… ' + s.done + ' of ' + s.customers);
        })
        .catch(function () {
          // Only progress: the POST's answer says how it ended.
        });
    }, 700);
    fetch('/simulate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      .then(function (r) {
        return r.json().then(function (body) {
          return { status: r.status, body: body };
        });
      })
      .then(function (answer) {
        clearInterval(poll);
        var r = answer.body;
        if (answer.status === 200) {
          say('Done: ' + r.customers + ' customers, ' + r.events + ' events in ' + r.seconds + ' s. ' + arms(r) + '.');
          link.hidden = false;
        } else if (answer.status === 409) {
          say('A simulation is already running; try again in a few seconds.');
        } else {
          say(r.error || 'The simulation failed (' + answer.status + ').');
        }
      })
      .catch(function (err) {
        clearInterval(poll);
        say('Could not reach the demo server: ' + err.message);
      })
      .then(function () {
        button.disabled = false;
      });
  });
})();
