/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * WP contracts for the variable byte integer of lib/wire.h, the encoding
 * every Remaining Length and Property Length rests on:
 *   - mqw_varint_size and mqw_wr_varint write the shortest encoding of any
 *     v in [0, 268,435,455]: 7 bits a byte, low digit first, bit 7 set on
 *     every byte but the last, and no fewer bytes could hold v;
 *   - mqw_varint_decode reads exactly that encoding back (its value and
 *     length), says "incomplete" only while every byte seen continues,
 *     refuses a fourth byte that continues (a fifth would follow) and, when
 *     asked for the minimal form, a final 0x00 after the first byte;
 *   - decode of encode is the identity on the whole range
 *     (mqw_proof_varint_roundtrip).
 * The contracts sit on declarations ahead of wire.h, so lib/ is unchanged.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*@
  // Bytes the shortest encoding of v needs.
  logic integer varint_size(integer v) =
      v < 128 ? 1 : v < 16384 ? 2 : v < 2097152 ? 3 : 4;

  // 128 to the power n, for the n of an encoding.
  logic integer varint_room(integer n) =
      n <= 1 ? 128 : n == 2 ? 16384 : n == 3 ? 2097152 : 268435456;

  // Digit i (7 bits) of v, low digit first.
  logic integer digit(integer v, integer i) =
      i == 0 ? v % 128 : i == 1 ? (v / 128) % 128 :
      i == 2 ? (v / 16384) % 128 : (v / 2097152) % 128;

  // Where the encoding at p ends, among `avail` readable bytes: 1..4 for
  // the byte that has bit 7 clear, 0 when all the readable ones (fewer
  // than 4) continue, 5 when the first four all continue.
  logic integer varint_end{L}(const uint8_t *p, integer avail) =
      avail < 1 ? 0 : p[0] < 128 ? 1 :
      avail < 2 ? 0 : p[1] < 128 ? 2 :
      avail < 3 ? 0 : p[2] < 128 ? 3 :
      avail < 4 ? 0 : p[3] < 128 ? 4 : 5;

  // The value of the n-byte encoding at p.
  logic integer varint_value{L}(const uint8_t *p, integer n) =
      (p[0] % 128) +
      (n > 1 ? (p[1] % 128) * 128 : 0) +
      (n > 2 ? (p[2] % 128) * 16384 : 0) +
      (n > 3 ? (p[3] % 128) * 2097152 : 0);
*/

/*@
  assigns \nothing;
  ensures \result == varint_size(v);
  // The shortest: v needs every byte, and fits in them.
  ensures \result == 1 || v >= varint_room(\result - 1);
  ensures v <= 268435455 ==> v < varint_room(\result);
*/
static inline size_t mqw_varint_size(uint32_t v);

/*@
  requires v <= 268435455;
  requires \valid(w + (0 .. varint_size(v) - 1));
  assigns w[0 .. varint_size(v) - 1];
  ensures \result == w + varint_size(v);
  ensures varint_end(w, varint_size(v)) == varint_size(v);
  ensures varint_value(w, varint_size(v)) == v;
  ensures \forall integer i; 0 <= i < varint_size(v) ==> w[i] % 128 == digit(v, i);
  // Minimal: a last byte 0x00 would be padding.
  ensures varint_size(v) == 1 || w[varint_size(v) - 1] != 0;
*/
static inline uint8_t *mqw_wr_varint(uint8_t *w, uint32_t v);

/*@
  requires \base_addr(p) == \base_addr(end) && p <= end;
  requires \valid_read(p + (0 .. end - p - 1));
  requires \valid(value) && \valid(bad);
  requires \separated(value, bad);
  assigns *value, *bad;
  ensures varint_end(p, end - p) == 0 ==> \result == 0;
  ensures varint_end(p, end - p) == 5 ==> \result == -2 && *bad == 3;
  ensures 2 <= varint_end(p, end - p) <= 4 && minimal && p[varint_end(p, end - p) - 1] == 0 ==>
          \result == -1 && *bad == varint_end(p, end - p) - 1;
  ensures 1 <= varint_end(p, end - p) <= 4 &&
          !(minimal && varint_end(p, end - p) >= 2 && p[varint_end(p, end - p) - 1] == 0) ==>
          \result == varint_end(p, end - p) && *value == varint_value(p, \result);
*/
static inline int mqw_varint_decode(const uint8_t *p, const uint8_t *end, bool minimal,
                                    uint32_t *value, size_t *bad);

#include "wire.h"

/* Decode of encode: every value of the range comes back, from exactly the
 * bytes written, with the minimal form required. */
/*@
  requires v <= 268435455;
  assigns \nothing;
  ensures \result == 1;
*/
int mqw_proof_varint_roundtrip(uint32_t v)
{
    uint8_t buf[4];
    uint32_t back = 0;
    size_t bad = 0;
    uint8_t *end = mqw_wr_varint(buf, v);
    int n = mqw_varint_decode(buf, end, true, &back, &bad);
    return n > 0 && (size_t)n == mqw_varint_size(v) && end - buf == n && back == v;
}
