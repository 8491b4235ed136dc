/**
 * Engagement in the demo shop (nudgekit/engage, from dist/nudgekit.engage.iife.min.js): a
 * first-purchase checklist, points with a level badge in the header, and the survey view the
 * DOM renderer draws the NPS question with (the rule is in examples/rules/rules.json). Text
 * only, through textContent.
 */
(function () {
  'use strict';
  var $ = function (id) {
    return document.getElementById(id);
  };

  /** The two features and the survey view, or null when the add-on did not load. */
  function create(NK) {
    if (!NK.checklist || !NK.incentives || !NK.surveyView) return null;
    var onboarding = NK.checklist({
      id: 'first-purchase',
      title: 'Your first order',
      // Latched once it holds: the checklist stays for the new customer after the order.
      when: { stage: { $in: ['new', 'potential'] } },
      steps: [
        { id: 'browse', label: 'Look at a product', event: 'product_viewed' },
        { id: 'cart', label: 'Add it to your cart', event: 'add_to_cart' },
        { id: 'buy', label: 'Place your first order', event: 'purchase' },
      ],
    });
    var rewards = NK.incentives({
      points: [
        { event: 'purchase', points: 50 },
        { event: 'add_to_cart', points: 5, perDay: 25 },
      ],
      levels: [
        { id: 'bronze', at: 0, label: 'Bronze' },
        { id: 'silver', at: 100, label: 'Silver' },
        { id: 'gold', at: 300, label: 'Gold' },
      ],
      badges: [{ id: 'first-order', label: 'First order', when: { 'events.purchase.count': { $gte: 1 } } }],
      streaks: [{ id: 'daily', event: 'session_start' }],
    });
    return { onboarding: onboarding, rewards: rewards, survey: NK.surveyView(), features: [onboarding, rewards] };
  }

  var BADGES = { 'first-order': 'First order' };

  /** Points, level and badges in the header, kept up to date. */
  function showRewards(rewards) {
    function render(state) {
      $('rewards-points').textContent = String(state.points);
      var level = state.level;
      var badge = $('rewards-level');
      badge.textContent = level ? level.label || level.id : '—';
      badge.setAttribute('data-level', level ? level.id : '');
      var next = state.next;
      $('rewards-next').textContent = next ? (next.at - state.points) + ' to ' + (next.label || next.id) : 'top level';
      $('rewards-badges').textContent = state.badges.length
        ? state.badges.map(function (id) {
            return BADGES[id] || id;
          }).join(', ')
        : 'no badges yet';
    }
    render(rewards.getState());
    rewards.subscribe(render);
  }

  /**
   * The checklist: NudgeKit's corner launcher on a wide screen; on a phone, where anything
   * fixed to a corner covers part of the page, the same state drawn in the page's flow.
   */
  function showChecklist(NK, onboarding, narrow) {
    if (!narrow && NK.checklistPanel) {
      NK.checklistPanel(onboarding, { placement: 'bottom-left' });
      return;
    }
    var box = $('onboarding');
    function render(state) {
      box.hidden = !state.visible;
      $('onboarding-title').textContent = state.title || 'Get started';
      $('onboarding-progress').textContent = state.done + ' of ' + state.total + ' done';
      var list = $('onboarding-steps');
      list.replaceChildren();
      state.steps.forEach(function (step) {
        var li = document.createElement('li');
        li.textContent = step.label + (step.done ? ' (done)' : '');
        li.setAttribute('data-step', step.id);
        li.setAttribute('data-done', String(step.done));
        list.appendChild(li);
      });
    }
    $('onboarding-hide').addEventListener('click', function () {
      onboarding.dismiss();
    });
    render(onboarding.getState());
    onboarding.subscribe(render);
  }

  window.NudgeDemoEngage = { create: create, showRewards: showRewards, showChecklist: showChecklist };
})();
