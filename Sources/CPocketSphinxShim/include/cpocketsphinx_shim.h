#ifndef CPOCKETSPHINX_SHIM_H
#define CPOCKETSPHINX_SHIM_H

#include <stddef.h>
#include <stdint.h>

/// Binds libpocketsphinx.so.3 (and the libsphinxbase it needs) with dlopen, once per process.
/// Returns 1 when every function is there, 0 otherwise with a human-readable reason in `reason`.
/// Thread-safe. Nothing links against PocketSphinx, so builds need neither it nor its headers.
int cps_probe(char *reason, size_t reason_len);

/// A decoder for the acoustic model folder `hmm`, language model `lm` and dictionary `dict` (PocketSphinx
/// 5prealpha options -hmm, -lm, -dict), its log silenced. NULL on failure, with a reason in `reason`.
/// Requires cps_probe() == 1. A decoder is not thread-safe: use one from one thread at a time.
void *cps_decoder_new(const char *hmm, const char *lm, const char *dict, char *reason, size_t reason_len);

/// Decodes 16 kHz 16-bit mono samples as one utterance and writes the best hypothesis (words separated
/// by spaces, possibly empty) into `text`, truncated to `text_len - 1` bytes. Returns 0 on success.
int cps_decode(void *decoder, const int16_t *samples, size_t count, char *text, size_t text_len);

/// Frees a decoder from cps_decoder_new.
void cps_decoder_free(void *decoder);

#endif
