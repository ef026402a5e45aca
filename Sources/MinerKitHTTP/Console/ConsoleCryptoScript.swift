/// `ed25519.js`: SHA-256, SHA-512 and Ed25519 verification (RFC 8032) in plain JavaScript, for browsers
/// whose WebCrypto lacks Ed25519 and for pages outside a secure context (a phone reaching the console at
/// `http://<lan address>` has no `crypto.subtle` at all). Checked against Node's OpenSSL for random
/// messages and keys; about 4 ms per verification. `receipt-verify.js` uses it when WebCrypto cannot.
enum ConsoleCryptoScript {
    static let js = #"""
        (function (global) {
          'use strict';
          // SHA-256 (FIPS 180-4) on 32-bit words.
          var K256 = new Uint32Array([
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);
          function pad(bytes, blockBytes, lengthBytes) {
            var total = Math.ceil((bytes.length + 1 + lengthBytes) / blockBytes) * blockBytes;
            var out = new Uint8Array(total);
            out.set(bytes);
            out[bytes.length] = 0x80;
            var bits = bytes.length * 8;
            for (var i = 0; i < 8; i++) { out[total - 1 - i] = bits % 256; bits = Math.floor(bits / 256); }
            return out;
          }
          function sha256(bytes) {
            var m = pad(bytes, 64, 8), w = new Uint32Array(64);
            var h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
            function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
            for (var off = 0; off < m.length; off += 64) {
              for (var t = 0; t < 16; t++) w[t] = (m[off + 4 * t] << 24) | (m[off + 4 * t + 1] << 16) | (m[off + 4 * t + 2] << 8) | m[off + 4 * t + 3];
              for (t = 16; t < 64; t++) {
                var s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
                var s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
                w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
              }
              var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
              for (t = 0; t < 64; t++) {
                var t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[t] + w[t]) | 0;
                var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
                k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
              }
              h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
            }
            var out = new Uint8Array(32);
            for (var i = 0; i < 8; i++) { out[4 * i] = h[i] >>> 24; out[4 * i + 1] = h[i] >>> 16; out[4 * i + 2] = h[i] >>> 8; out[4 * i + 3] = h[i]; }
            return out;
          }
        
          // SHA-512 on BigInt words (small messages only: receipts).
          var M64 = (1n << 64n) - 1n;
          var K512 = [
            '428a2f98d728ae22', '7137449123ef65cd', 'b5c0fbcfec4d3b2f', 'e9b5dba58189dbbc', '3956c25bf348b538', '59f111f1b605d019',
            '923f82a4af194f9b', 'ab1c5ed5da6d8118', 'd807aa98a3030242', '12835b0145706fbe', '243185be4ee4b28c', '550c7dc3d5ffb4e2',
            '72be5d74f27b896f', '80deb1fe3b1696b1', '9bdc06a725c71235', 'c19bf174cf692694', 'e49b69c19ef14ad2', 'efbe4786384f25e3',
            '0fc19dc68b8cd5b5', '240ca1cc77ac9c65', '2de92c6f592b0275', '4a7484aa6ea6e483', '5cb0a9dcbd41fbd4', '76f988da831153b5',
            '983e5152ee66dfab', 'a831c66d2db43210', 'b00327c898fb213f', 'bf597fc7beef0ee4', 'c6e00bf33da88fc2', 'd5a79147930aa725',
            '06ca6351e003826f', '142929670a0e6e70', '27b70a8546d22ffc', '2e1b21385c26c926', '4d2c6dfc5ac42aed', '53380d139d95b3df',
            '650a73548baf63de', '766a0abb3c77b2a8', '81c2c92e47edaee6', '92722c851482353b', 'a2bfe8a14cf10364', 'a81a664bbc423001',
            'c24b8b70d0f89791', 'c76c51a30654be30', 'd192e819d6ef5218', 'd69906245565a910', 'f40e35855771202a', '106aa07032bbd1b8',
            '19a4c116b8d2d0c8', '1e376c085141ab53', '2748774cdf8eeb99', '34b0bcb5e19b48a8', '391c0cb3c5c95a63', '4ed8aa4ae3418acb',
            '5b9cca4f7763e373', '682e6ff3d6b2b8a3', '748f82ee5defb2fc', '78a5636f43172f60', '84c87814a1f0ab72', '8cc702081a6439ec',
            '90befffa23631e28', 'a4506cebde82bde9', 'bef9a3f7b2c67915', 'c67178f2e372532b', 'ca273eceea26619c', 'd186b8c721c0c207',
            'eada7dd6cde0eb1e', 'f57d4f7fee6ed178', '06f067aa72176fba', '0a637dc5a2c898a6', '113f9804bef90dae', '1b710b35131c471b',
            '28db77f523047d84', '32caab7b40c72493', '3c9ebe0a15c9bebc', '431d67c49c100d4c', '4cc5d4becb3e42b6', '597f299cfc657e2a',
            '5fcb6fab3ad6faec', '6c44198c4a475817'].map(function (x) { return BigInt('0x' + x); });
          function sha512(bytes) {
            var m = pad(bytes, 128, 16), w = new Array(80);
            var h = ['6a09e667f3bcc908', 'bb67ae8584caa73b', '3c6ef372fe94f82b', 'a54ff53a5f1d36f1',
              '510e527fade682d1', '9b05688c2b3e6c1f', '1f83d9abfb41bd6b', '5be0cd19137e2179'].map(function (x) { return BigInt('0x' + x); });
            function rotr(x, n) { return ((x >> n) | (x << (64n - n))) & M64; }
            for (var off = 0; off < m.length; off += 128) {
              for (var t = 0; t < 16; t++) {
                var v = 0n;
                for (var j = 0; j < 8; j++) v = (v << 8n) | BigInt(m[off + 8 * t + j]);
                w[t] = v;
              }
              for (t = 16; t < 80; t++) {
                var s0 = rotr(w[t - 15], 1n) ^ rotr(w[t - 15], 8n) ^ (w[t - 15] >> 7n);
                var s1 = rotr(w[t - 2], 19n) ^ rotr(w[t - 2], 61n) ^ (w[t - 2] >> 6n);
                w[t] = (w[t - 16] + s0 + w[t - 7] + s1) & M64;
              }
              var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
              for (t = 0; t < 80; t++) {
                var t1 = (k + (rotr(e, 14n) ^ rotr(e, 18n) ^ rotr(e, 41n)) + ((e & f) ^ (~e & M64 & g)) + K512[t] + w[t]) & M64;
                var t2 = ((rotr(a, 28n) ^ rotr(a, 34n) ^ rotr(a, 39n)) + ((a & b) ^ (a & c) ^ (b & c))) & M64;
                k = g; g = f; f = e; e = (d + t1) & M64; d = c; c = b; b = a; a = (t1 + t2) & M64;
              }
              h = [h[0] + a, h[1] + b, h[2] + c, h[3] + d, h[4] + e, h[5] + f, h[6] + g, h[7] + k].map(function (x) { return x & M64; });
            }
            var out = new Uint8Array(64);
            for (var i = 0; i < 8; i++) for (var j2 = 0; j2 < 8; j2++) out[8 * i + j2] = Number((h[i] >> BigInt(56 - 8 * j2)) & 0xffn);
            return out;
          }
        
          // Ed25519 verification (RFC 8032, cofactorless), in extended twisted Edwards coordinates.
          var P = (1n << 255n) - 19n;
          var L = (1n << 252n) + 27742317777372353535851937790883648493n;
          function mod(a, m) { var r = a % (m || P); return r >= 0n ? r : r + (m || P); }
          function pow(b, e) { var r = 1n; b = mod(b); while (e > 0n) { if (e & 1n) r = r * b % P; b = b * b % P; e >>= 1n; } return r; }
          function inv(x) { return pow(x, P - 2n); }
          var D = mod(-121665n * inv(121666n));
          var SQRT_M1 = pow(2n, (P - 1n) / 4n);
          var BASE = [15112221349535400772501151409588531511454012693041857206046113283949847762202n,
            46316835694926478169428394003475163141307993866256225615783033603165251855960n, 1n, 0n];
          BASE[3] = mod(BASE[0] * BASE[1]);
          function add(p, q) {
            var a = mod((p[1] - p[0]) * (q[1] - q[0])), b = mod((p[1] + p[0]) * (q[1] + q[0]));
            var c = mod(2n * D * p[3] * q[3]), d = mod(2n * p[2] * q[2]);
            var e = b - a, f = d - c, g = d + c, h = b + a;
            return [mod(e * f), mod(g * h), mod(f * g), mod(e * h)];
          }
          function mul(s, p) {
            var q = [0n, 1n, 1n, 0n];
            while (s > 0n) { if (s & 1n) q = add(q, p); p = add(p, p); s >>= 1n; }
            return q;
          }
          function le(bytes) { var v = 0n; for (var i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]); return v; }
          function encode(p) {
            var zi = inv(p[2]), x = mod(p[0] * zi), y = mod(p[1] * zi);
            var v = y | ((x & 1n) << 255n), out = new Uint8Array(32);
            for (var i = 0; i < 32; i++) { out[i] = Number(v & 0xffn); v >>= 8n; }
            return out;
          }
          function decode(bytes) {
            var sign = bytes[31] >> 7, copy = bytes.slice();
            copy[31] &= 0x7f;
            var y = le(copy);
            if (y >= P) return null;
            var y2 = y * y % P, x2 = mod((y2 - 1n) * inv(mod(D * y2 + 1n)));
            var x = pow(x2, (P + 3n) / 8n);
            if (mod(x * x - x2) !== 0n) x = x * SQRT_M1 % P;
            if (mod(x * x - x2) !== 0n) return null;
            if (x === 0n && sign === 1) return null;
            if (Number(x & 1n) !== sign) x = P - x;
            return [x, y, 1n, mod(x * y)];
          }
          function equal(a, b) { if (a.length !== b.length) return false; var d = 0; for (var i = 0; i < a.length; i++) d |= a[i] ^ b[i]; return d === 0; }
          function verify(publicKey, signature, message) {
            if (publicKey.length !== 32 || signature.length !== 64) return false;
            var A = decode(publicKey), R = decode(signature.slice(0, 32));
            if (!A || !R) return false;
            var s = le(signature.slice(32));
            if (s >= L) return false;
            var all = new Uint8Array(64 + message.length);
            all.set(signature.slice(0, 32)); all.set(publicKey, 32); all.set(message, 64);
            var k = mod(le(sha512(all)), L);
            return equal(encode(mul(s, BASE)), encode(add(R, mul(k, A))));
          }
          global.MinerKitCrypto = { sha256: sha256, sha512: sha512, ed25519Verify: verify };
        })(typeof window !== 'undefined' ? window : globalThis);
        """#
}
