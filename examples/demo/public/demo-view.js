/**
 * Small view helpers of the demo page: one line of text per event, relative times, list
 * items built with textContent only (no HTML is ever built from data).
 */
(function () {
  'use strict';
  var DAY_MS = 86400000;

  /** A short description of an event's properties for the event log. */
  function describe(name, props) {
    if (name === 'stage_change') return props.from + ' → ' + props.to;
    if (name === 'purchase') return '€' + Number(props.revenue).toFixed(2) + ', ' + props.items + ' item(s)';
    if (props.sku) return String(props.sku);
    if (props.ruleId) return String(props.ruleId) + (props.action ? ' · ' + props.action : '');
    if (name === 'page') return String(props.path || '');
    if (name === 'identify') return Object.keys(props).join(', ');
    return '';
  }

  /** "3 days ago", as of the demo clock's now. */
  function when(ms, now) {
    if (ms === null || ms === undefined) return '—';
    var days = (now - ms) / DAY_MS;
    if (days < 1 / 24) return 'just now';
    if (days < 1) return Math.round(days * 24) + ' h ago';
    return Math.round(days) + ' days ago';
  }

  /** Appends an <li> of <span class=...>text</span> parts, with attributes. */
  function item(list, parts, attrs) {
    var li = document.createElement('li');
    parts.forEach(function (part) {
      var span = document.createElement('span');
      span.className = part[0];
      span.textContent = part[1];
      li.appendChild(span);
    });
    Object.keys(attrs || {}).forEach(function (k) {
      li.setAttribute(k, attrs[k]);
    });
    list.appendChild(li);
  }

  /** Why P(alive) reads what it does: BG/NBD's figure is 1 until a repeat purchase. */
  function paliveNote(p) {
    if (p.pAlive === null) return 'BG/NBD churn model: shown after the first order.';
    if (p.conversions.count < 2) {
      return 'BG/NBD: 1 until a second order, however long ago the first was (the model only lets a customer drop out after a repeat purchase). The stage is the signal here.';
    }
    return 'BG/NBD: the chance this customer still buys, from their ' + p.conversions.count + ' orders and the time since the last.';
  }

  window.NudgeDemoView = { describe: describe, when: when, item: item, paliveNote: paliveNote };
})();
