/// `receipt-verify.js`: checks a receipt in the browser, trusting nothing but the coordinator's
/// published key (`GET /v1/keys`) and its own arithmetic:
///
/// 1. the Ed25519 signature (WebCrypto, else ``ConsoleCryptoScript``'s verifier) over the canonical JSON of every field but `signature`, written
///    exactly as ``CanonicalJSON`` writes it (keys by code point, nulls dropped, `ensure_ascii` escapes,
///    Python's float `repr`);
/// 2. once sealed, the inclusion proof: SHA-256(0x00 ‖ canonical receipt) is the proof's transaction,
///    folding the audit path (node = SHA-256(0x01 ‖ left ‖ right)) gives the block's Merkle root, and the
///    block's header hashes to its hash (``MerkleTree``, ``Block``).
///
/// On a receipt page (`data-receipt-id`) it checks the served receipt; on the verify page, whatever
/// is pasted. The verdict is `valid` or `invalid` with the reason, in `#verdict` and `#checks`.
enum ReceiptVerifyScript {
    static let js = #"""
        (function () {
          'use strict';
          var verdict = document.getElementById('verdict');
          var checks = document.getElementById('checks');
          if (!verdict || !checks) return;

          function codePoints(s) { return Array.from(s, function (c) { return c.codePointAt(0); }); }
          function byCodePoint(a, b) {
            var x = codePoints(a), y = codePoints(b);
            for (var i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
            return x.length - y.length;
          }
          function canonString(s) {
            var out = '"';
            for (var i = 0; i < s.length; i++) {
              var u = s.charCodeAt(i);
              if (u === 0x22) out += '\\"';
              else if (u === 0x5c) out += '\\\\';
              else if (u === 0x08) out += '\\b';
              else if (u === 0x0c) out += '\\f';
              else if (u === 0x0a) out += '\\n';
              else if (u === 0x0d) out += '\\r';
              else if (u === 0x09) out += '\\t';
              else if (u >= 0x20 && u <= 0x7e) out += String.fromCharCode(u);
              else out += '\\u' + ('0000' + u.toString(16)).slice(-4);
            }
            return out + '"';
          }
          function canonNumber(n) {
            if (!isFinite(n)) throw new Error('NaN and infinities are not JSON');
            if (n === Math.round(n) && Math.abs(n) <= 9007199254740992) return String(n === 0 ? 0 : n);
            var parts = Math.abs(n).toExponential().split('e');
            var digits = parts[0].replace('.', '').replace(/0+$/, '') || '0';
            var exp = parseInt(parts[1], 10);
            var sign = n < 0 ? '-' : '';
            if (exp < -4 || exp >= 16) {
              var mantissa = digits.length === 1 ? digits : digits[0] + '.' + digits.slice(1);
              var e = Math.abs(exp);
              return sign + mantissa + 'e' + (exp < 0 ? '-' : '+') + (e < 10 ? '0' + e : String(e));
            }
            var point = exp + 1;
            if (point <= 0) return sign + '0.' + '0'.repeat(-point) + digits;
            if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length) + '.0';
            return sign + digits.slice(0, point) + '.' + digits.slice(point);
          }
          function canon(v) {
            if (v === null) return 'null';
            if (typeof v === 'boolean') return v ? 'true' : 'false';
            if (typeof v === 'number') return canonNumber(v);
            if (typeof v === 'string') return canonString(v);
            if (Array.isArray(v)) return '[' + v.map(canon).join(',') + ']';
            var keys = Object.keys(v).filter(function (k) { return v[k] !== null; }).sort(byCodePoint);
            return '{' + keys.map(function (k) { return canonString(k) + ':' + canon(v[k]); }).join(',') + '}';
          }
          function ascii(text) { return new TextEncoder().encode(text); }
          function hex(bytes) {
            return Array.from(new Uint8Array(bytes), function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
          }
          function fromHex(text) {
            if (typeof text !== 'string' || !/^([0-9a-f]{2})*$/.test(text)) return null;
            var out = new Uint8Array(text.length / 2);
            for (var i = 0; i < out.length; i++) out[i] = parseInt(text.substr(i * 2, 2), 16);
            return out;
          }
          function fromBase64url(text) {
            if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) return null;
            var b64 = text.replace(/-/g, '+').replace(/_/g, '/');
            while (b64.length % 4) b64 += '=';
            try {
              return Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
            } catch (e) { return null; }
          }
          function concat(parts) {
            var length = parts.reduce(function (n, p) { return n + p.length; }, 0);
            var out = new Uint8Array(length), offset = 0;
            parts.forEach(function (p) { out.set(p, offset); offset += p.length; });
            return out;
          }
          // WebCrypto where the browser offers it (a secure context with Ed25519), else ed25519.js;
          // `?engine=builtin` on the page's address forces the latter.
          var builtinOnly = /[?&]engine=builtin(&|$)/.test(location.search);
          var subtle = !builtinOnly && window.crypto && crypto.subtle ? crypto.subtle : null;
          function sha256(bytes) {
            if (!subtle) return Promise.resolve(window.MinerKitCrypto.sha256(bytes));
            return subtle.digest('SHA-256', bytes).then(function (d) { return new Uint8Array(d); });
          }
          async function ed25519Verify(publicKey, signature, message) {
            if (subtle) {
              try {
                var imported = await subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
                return { ok: await subtle.verify({ name: 'Ed25519' }, imported, signature, message), engine: 'WebCrypto' };
              } catch (e) {
                if (!e || (e.name !== 'NotSupportedError' && e.name !== 'DataError')) throw e;
              }
            }
            if (!window.MinerKitCrypto) throw new Error('no Ed25519 verifier is available in this browser');
            return { ok: window.MinerKitCrypto.ed25519Verify(publicKey, signature, message), engine: 'built-in verifier' };
          }
          function getJSON(url) {
            return fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' }).then(function (r) {
              return r.json().then(function (body) { return { status: r.status, body: body }; });
            });
          }

          function report(list, final) {
            checks.replaceChildren();
            list.forEach(function (c) {
              var li = document.createElement('li');
              li.className = c.ok === true ? 'pass' : c.ok === false ? 'fail' : 'info';
              li.textContent = c.text;
              checks.appendChild(li);
            });
            verdict.setAttribute('data-state', final.state);
            verdict.textContent = final.text;
          }

          async function verify(doc) {
            var list = [];
            if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || typeof doc.signature !== 'object' || doc.signature === null) {
              return report([{ ok: false, text: 'Not a receipt: no signature object.' }], { state: 'invalid', text: 'invalid: not a receipt' });
            }
            var keys = (await getJSON('/v1/keys')).body.keys || [];
            var sig = doc.signature;
            var key = keys.find(function (k) { return k.key_id === sig.key_id && k.alg === sig.alg; });
            var payload = {};
            Object.keys(doc).forEach(function (k) { if (k !== 'signature') payload[k] = doc[k]; });
            var signatureOK = false, reason = null, engine = '';
            if (sig.alg !== 'Ed25519') {
              reason = 'the signature algorithm is ' + String(sig.alg) + ', not Ed25519';
            } else if (!key) {
              reason = 'signed by key ' + String(sig.key_id) + ', which is not the coordinator\u2019s published key';
            } else {
              var signature = fromBase64url(sig.sig), publicKey = fromHex(key.public_key_hex);
              if (!signature || signature.length !== 64) {
                reason = 'the signature is not 64 bytes of base64url';
              } else {
                var checked = await ed25519Verify(publicKey, signature, ascii(canon(payload)));
                signatureOK = checked.ok;
                engine = ' (' + checked.engine + ')';
                if (!signatureOK) reason = 'the signature does not match the receipt\u2019s contents';
              }
            }
            list.push({ ok: signatureOK, text: signatureOK
              ? 'Signature valid: Ed25519 by the coordinator\u2019s published key ' + key.key_id + engine + '.'
              : 'Signature invalid: ' + reason + engine + '.' });

            var inclusion = { ok: null, reason: null };
            var id = typeof doc.receipt_id === 'string' ? doc.receipt_id : '';
            var proofReply = id ? await getJSON('/v1/receipts/' + encodeURIComponent(id) + '/proof') : { status: 404, body: {} };
            if (proofReply.status === 404) {
              list.push({ ok: null, text: proofReply.body.error_code === 'receipt_not_sealed'
                ? 'Not sealed into a block yet: no inclusion proof to check.'
                : 'This coordinator has no receipt with this id: no inclusion proof to check.' });
              if (proofReply.body.error_code !== 'receipt_not_sealed') inclusion = { ok: false, reason: 'this coordinator never issued it' };
            } else {
              var proof = proofReply.body;
              var blockReply = await getJSON('/explorer/blocks/' + encodeURIComponent(proof.block_height));
              var block = blockReply.body;
              var leaf = await sha256(concat([new Uint8Array([0]), ascii(canon(doc))]));
              if (hex(leaf) !== proof.tx_id) {
                inclusion = { ok: false, reason: 'the receipt does not hash to the transaction sealed in block ' + proof.block_height };
              } else {
                var hash = leaf;
                for (var i = 0; i < proof.proof.length; i++) {
                  var sibling = fromHex(proof.proof[i].hash);
                  if (!sibling || sibling.length !== 32) { hash = null; break; }
                  hash = await sha256(concat(proof.proof[i].position === 'left'
                    ? [new Uint8Array([1]), sibling, hash] : [new Uint8Array([1]), hash, sibling]));
                }
                var header = { height: block.height, previous_hash: block.previous_hash,
                  timestamp: Math.floor(Date.parse(block.timestamp) / 1000), merkle_root: block.merkle_root,
                  transactions: block.transactions };
                if (block.format_version !== undefined && block.format_version !== null) header.format_version = block.format_version;
                var blockHash = hex(await sha256(ascii(canon(header))));
                if (!hash || hex(hash) !== block.merkle_root) {
                  inclusion = { ok: false, reason: 'the audit path does not lead to block ' + proof.block_height + '\u2019s Merkle root' };
                } else if (blockHash !== block.hash) {
                  inclusion = { ok: false, reason: 'block ' + proof.block_height + '\u2019s header does not hash to its hash' };
                } else {
                  inclusion = { ok: true };
                }
              }
              list.push({ ok: inclusion.ok, text: inclusion.ok
                ? 'Included in block ' + proof.block_height + ': the audit path of ' + proof.proof.length +
                  ' step(s) leads to its Merkle root ' + block.merkle_root.slice(0, 16) + '\u2026, and the block header hashes to its hash.'
                : 'Inclusion proof invalid: ' + inclusion.reason + '.' });
            }
            if (!signatureOK) return report(list, { state: 'invalid', text: 'invalid: ' + reason });
            if (inclusion.ok === false) return report(list, { state: 'invalid', text: 'invalid: ' + inclusion.reason });
            report(list, { state: 'valid', text: inclusion.ok ? 'valid' : 'valid (signature; not sealed yet)' });
          }

          function fail(error) {
            report([{ ok: false, text: 'The check could not run: ' + (error && error.message ? error.message : String(error)) }],
                   { state: 'error', text: 'could not check' });
          }

          var section = document.querySelector('[data-receipt-id]');
          if (section) {
            var id = section.getAttribute('data-receipt-id');
            getJSON('/v1/receipts/' + encodeURIComponent(id)).then(function (reply) {
              if (reply.status !== 200) throw new Error('the receipt could not be fetched (HTTP ' + reply.status + ')');
              return verify(reply.body);
            }).catch(fail);
          }
          var form = document.getElementById('verify-form');
          if (form) {
            form.addEventListener('submit', function (event) {
              event.preventDefault();
              verdict.setAttribute('data-state', 'pending');
              verdict.textContent = 'checking\u2026';
              var doc;
              try { doc = JSON.parse(document.getElementById('receipt-json').value); } catch (e) {
                return report([{ ok: false, text: 'Not JSON: ' + e.message }], { state: 'invalid', text: 'invalid: not JSON' });
              }
              verify(doc).catch(fail);
            });
          }
        })();
        """#
}
