/**
 * The demo's own state, kept in localStorage so a reload keeps it: the clock offset the
 * "jump" buttons add, the stage history, the log of tracked events and the nudges seen.
 * (NudgeKit keeps its own data in IndexedDB; this is only what the page displays.)
 */
(function () {
  'use strict';
  var PREFIX = 'nudgekit-demo:';
  var MAX_EVENTS = 1000;
  var DAY_MS = 86400000;

  function read(key, fallback) {
    try {
      var text = localStorage.getItem(PREFIX + key);
      return text === null ? fallback : JSON.parse(text);
    } catch (e) {
      return fallback;
    }
  }
  function write(key, value) {
    try {
      localStorage.setItem(PREFIX + key, JSON.stringify(value));
    } catch (e) {
      // Storage full or blocked: the demo keeps working, it only forgets on reload.
    }
  }

  var offsetMs = Number(read('offset', 0)) || 0;
  var history = read('history', []);
  var events = read('events', []);
  var nudges = read('nudges', []);
  var cart = read('cart', []);
  // Delivery counters of earlier page loads (stats() starts from 0 on each load).
  var COUNTERS = ['sent', 'retried', 'failed', 'dropped'];
  var earlier = read('delivery', {});
  var cleared = false;

  /**
   * The demo clock: real time plus the jumped offset. NudgeKit takes any
   * { now(), setTimeout(fn, ms) }, so time travel needs no change in the library.
   */
  var clock = {
    now: function () {
      return Date.now() + offsetMs;
    },
    setTimeout: function (fn, ms) {
      var id = setTimeout(fn, ms);
      return function () {
        clearTimeout(id);
      };
    },
  };

  // The clock controls. Under 14 days away (the default silentDays) a return is the same
  // customer carrying on; 14 or more make it a comeback (resurrected).
  var JUMPS = {
    'jump-7': { days: 7, hint: 'A short gap: browse or buy to carry on. Two weeks after the first order, a new customer counts as active.' },
    'jump-20': { days: 20, hint: 'Reload or browse to come back as a returning customer.' },
    'jump-70': { days: 70, hint: 'Reload or browse to come back as a returning customer.' },
  };

  window.NudgeDemoState = {
    DAY_MS: DAY_MS,
    clock: clock,
    /** The jump a control button names (`jump-7`), or null. */
    clockJump: function (control) {
      return Object.prototype.hasOwnProperty.call(JUMPS, control) ? JUMPS[control] : null;
    },
    offsetDays: function () {
      return offsetMs / DAY_MS;
    },
    jumpDays: function (days) {
      offsetMs += days * DAY_MS;
      write('offset', offsetMs);
    },
    /** Appends a stage unless it is the one already last; returns whether it did. */
    addStage: function (stage, via) {
      var last = history[history.length - 1];
      if (!stage || (last && last.stage === stage)) return false;
      history.push({ stage: stage, at: clock.now(), via: via });
      write('history', history);
      return true;
    },
    history: function () {
      return history;
    },
    addEvent: function (entry) {
      events.push(entry);
      if (events.length > MAX_EVENTS) events.splice(0, events.length - MAX_EVENTS);
      write('events', events);
    },
    events: function () {
      return events;
    },
    /** Records a nudge_* event against its nudge (one entry per nudgeId). */
    addNudgeEvent: function (name, props, at) {
      // An exposure is the rule's decision, not a nudge: its nudge_shown or nudge_held_out follows.
      if (name === 'nudge_exposure') return;
      var entry = null;
      // nudge_converted names only the rule: it belongs to that rule's latest nudge.
      for (var i = 0; i < nudges.length; i++) {
        if (props.nudgeId ? nudges[i].id === props.nudgeId : nudges[i].ruleId === String(props.ruleId)) entry = nudges[i];
      }
      var id = props.nudgeId || props.ruleId + ':' + at;
      if (!entry) {
        entry = { id: id, ruleId: String(props.ruleId), type: String(props.type || ''), at: at, outcome: 'shown' };
        nudges.push(entry);
      }
      if (name === 'nudge_clicked') entry.outcome = 'clicked ' + String(props.action || '');
      else if (name === 'nudge_dismissed') {
        // A nudge closes when its goal is met, right after nudge_converted: converted is the news.
        if (!(props.reason === 'goal_met' && entry.outcome.indexOf('converted') === 0)) entry.outcome = 'dismissed (' + String(props.reason || '') + ')';
      }
      else if (name === 'nudge_held_out') entry.outcome = 'held out';
      else if (name === 'nudge_converted') entry.outcome = 'converted (' + String(props.goalEvent || '') + ')';
      write('nudges', nudges);
    },
    nudges: function () {
      return nudges;
    },
    /** The cart survives a reload, as NudgeKit's `cartItems` count does. */
    cart: function () {
      return cart;
    },
    setCart: function (items) {
      cart = items;
      write('cart', cart);
    },
    /**
     * This load's stats() plus the counts of earlier loads, saved as they grow, so "sent"
     * keeps counting across reloads. `queued` is the queue now (it is persisted anyway).
     */
    deliveryTotals: function (stats) {
      var totals = { queued: stats.queued };
      var now = {};
      COUNTERS.forEach(function (key) {
        totals[key] = (Number(earlier[key]) || 0) + (Number(stats[key]) || 0);
        now[key] = totals[key];
      });
      if (!cleared && JSON.stringify(now) !== JSON.stringify(this.lastSaved)) {
        this.lastSaved = now;
        write('delivery-now', now);
      }
      return totals;
    },
    lastSaved: null,
    /** Forgets everything the page remembers, including the clock offset. */
    clear: function () {
      ['offset', 'history', 'events', 'nudges', 'cart', 'delivery', 'delivery-now'].forEach(function (key) {
        try {
          localStorage.removeItem(PREFIX + key);
        } catch (e) {
          // nothing to clear
        }
      });
      offsetMs = 0;
      history = [];
      events = [];
      nudges = [];
      cart = [];
      earlier = {};
      cleared = true; // until the reload that follows: nothing of this load may count again
    },
  };

  // A new page load: what the last one counted becomes the earlier loads' total.
  write('delivery', read('delivery-now', earlier));
  earlier = read('delivery', {});
})();
