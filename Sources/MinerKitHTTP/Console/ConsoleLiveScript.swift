/// `console.js`: live updates without reloading. A page element with `data-live-source="URL"` is
/// refreshed from that JSON every few seconds: `data-live="a.b"` elements get the value at that path,
/// `data-live-meter` meters their value, `data-live-flag` elements show while the flag is true,
/// `data-live-blocks` tables their rows, `data-live-countdown` counts seconds down between polls.
/// Written with `textContent` only: no served value is ever parsed as HTML.
enum ConsoleLiveScript {
    static let js = #"""
        (function () {
          'use strict';
          var root = document.querySelector('[data-live-source]');
          if (!root) return;
          var source = root.getAttribute('data-live-source');
          var interval = Number(root.getAttribute('data-live-interval')) || 2000;
          var status = root.querySelector('.live-status');
          var state = window.minerkitLive = { updates: 0, failures: 0, last: null };

          function at(data, path) {
            return path.split('.').reduce(function (value, key) {
              return value === undefined || value === null ? undefined : value[key];
            }, data);
          }
          function show(value) {
            if (typeof value === 'number' && !Number.isInteger(value)) return value.toFixed(1);
            return String(value);
          }
          function cell(row, text, href) {
            var td = document.createElement('td');
            if (href) {
              var a = document.createElement('a');
              a.href = href;
              a.textContent = text;
              td.appendChild(a);
            } else {
              td.textContent = text;
            }
            row.appendChild(td);
            return td;
          }
          function blocks(body, list) {
            var rows = document.createDocumentFragment();
            list.forEach(function (block) {
              var tr = document.createElement('tr');
              cell(tr, String(block.height), '/ui/blocks/' + encodeURIComponent(block.height));
              cell(tr, block.time);
              cell(tr, String(block.transactions));
              var hash = cell(tr, block.hash.length > 12 ? block.hash.slice(0, 12) + '\u2026' : block.hash);
              hash.className = 'hash';
              hash.title = block.hash;
              rows.appendChild(tr);
            });
            body.replaceChildren(rows);
          }
          function apply(data) {
            root.querySelectorAll('[data-live]').forEach(function (el) {
              var value = at(data, el.getAttribute('data-live'));
              if (value !== undefined && value !== null && el.textContent !== show(value)) el.textContent = show(value);
            });
            root.querySelectorAll('[data-live-meter]').forEach(function (el) {
              var path = el.getAttribute('data-live-meter');
              var list = at(data, path.slice(0, path.lastIndexOf('.')));
              if (Array.isArray(list)) el.max = Math.max(1, Math.max.apply(null, list));
              var value = at(data, path);
              if (typeof value === 'number') el.value = value;
            });
            root.querySelectorAll('[data-live-flag]').forEach(function (el) {
              el.hidden = !at(data, el.getAttribute('data-live-flag'));
            });
            root.querySelectorAll('[data-live-blocks]').forEach(function (el) {
              var list = at(data, el.getAttribute('data-live-blocks'));
              if (Array.isArray(list)) blocks(el, list);
            });
            root.querySelectorAll('[data-live-countdown]').forEach(function (el) {
              var value = at(data, el.getAttribute('data-live-countdown'));
              if (typeof value === 'number') { el.setAttribute('data-seconds', String(value)); el.textContent = Math.round(value) + ' s'; }
            });
          }
          function poll() {
            fetch(source, { headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' })
              .then(function (response) {
                if (!response.ok) throw new Error('HTTP ' + response.status);
                return response.json();
              })
              .then(function (data) {
                apply(data);
                state.updates += 1;
                state.last = data;
                if (status) status.textContent = 'live';
              })
              .catch(function () {
                state.failures += 1;
                if (status) status.textContent = 'connection lost; retrying';
              })
              .finally(function () { setTimeout(poll, interval); });
          }
          setInterval(function () {
            root.querySelectorAll('[data-live-countdown]').forEach(function (el) {
              var left = Number(el.getAttribute('data-seconds'));
              if (left > 0) { left -= 1; el.setAttribute('data-seconds', String(left)); el.textContent = Math.round(left) + ' s'; }
            });
          }, 1000);
          setTimeout(poll, interval);
        })();
        """#
}
