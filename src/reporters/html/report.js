// ivrscope HTML report: selecting a finding highlights its route in its
// flow's drawing. The selection lives in the URL hash (#finding-3), so it can
// be linked to, survives a reload, and a test can select one without a click.
(function () {
  'use strict';
  window.addEventListener('error', function (event) {
    document.documentElement.setAttribute('data-script-error',
                                          String(event.message));
  });

  function removeClass(name) {
    document.querySelectorAll('.' + name).forEach(function (el) {
      el.classList.remove(name);
    });
  }

  // Marks the finding and every node and edge its route names; returns how
  // many drawing elements were marked.
  function select(id) {
    removeClass('hl');
    removeClass('selected');
    removeClass('focused');
    var item = id ? document.getElementById(id) : null;
    if (!item || !item.classList.contains('finding')) return 0;
    item.classList.add('selected');
    var marked = 0;
    (item.getAttribute('data-route') || '').split(' ').forEach(function (part) {
      var el = part ? document.getElementById(part) : null;
      if (el) {
        el.classList.add('hl');
        marked++;
      }
    });
    var drawing = document.getElementById(item.getAttribute('data-drawing'));
    if (drawing && marked > 0) drawing.classList.add('focused');
    return marked;
  }

  function fromHash() {
    var marked = select(decodeURIComponent(location.hash.slice(1)));
    document.body.setAttribute('data-highlighted', String(marked));
  }

  window.addEventListener('hashchange', fromHash);
  fromHash();
  document.body.setAttribute('data-ready', 'yes');
})();
