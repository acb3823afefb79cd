/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Internal interface of the mqttwire command-line tool: hex text, the
 * mqtt-packet property names, and the two JSON directions (packet -> object
 * in json_out.c, object -> packet in json_in.c).
 *
 * The JSON objects follow the packet objects of the mqtt-packet npm module
 * (what its parser emits and its generator accepts), with every binary field
 * (payloads, password, Correlation Data, Authentication Data) as a string of
 * lowercase hex digits instead of a Node Buffer.
 */
#ifndef MQW_TOOL_H
#define MQW_TOOL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mqttwire.h"

/* ---- hex.c ---------------------------------------------------------------- */

/* Decode hex digits, skipping ASCII white space, into out[0 .. *out_len).
 * `out` must hold len / 2 bytes. Returns false on a non-hex character or an
 * odd number of digits, with *bad_at = the offset in `text` of the bad
 * character (or of the unpaired digit). */
bool hex_decode(const char *text, size_t len, uint8_t *out, size_t *out_len, size_t *bad_at);

/* Write 2 * len lowercase hex digits and a NUL to out (2 * len + 1 bytes). */
void hex_encode(const uint8_t *data, size_t len, char *out);

/* ---- prop_names.c ---------------------------------------------------------- */

/* mqtt-packet's name of a property ("topicAlias", "userProperties"), NULL for
 * an identifier it has no name for. */
const char *prop_json_name(uint8_t id);

/* The identifier with mqtt-packet name `name`, 0 if there is none. */
uint8_t prop_json_id(const char *name);

/* Whether mqtt-packet represents a BYTE property as a JSON boolean (all of
 * them but Maximum QoS, which stays a number). */
bool prop_json_is_bool(uint8_t id);

/* ---- json_out.c ------------------------------------------------------------ */

/* What decoding remembers from one packet to the next: the version a
 * CONNECT announced and whether it came from a bridge (mqtt-packet then
 * gives 3.x subscriptions the 5.0 options a bridge implies). */
typedef struct decode_state {
    int version;
    bool bridge;
} decode_state;

/* The mqtt-packet object of a parsed packet. `frame` is its fixed header;
 * `st` the state it was parsed in (a CONNECT updates it). NULL when out of
 * memory. */
json_t *packet_to_json(const mqw_packet *pkt, const mqw_frame_info *frame, decode_state *st);

/* The object printed for a packet that did not parse: {"error": name,
 * "offset": offset, "rule": rule or null, "reason": "0x81" or null}. */
json_t *error_to_json(const char *error, size_t offset, const char *rule, uint8_t reason);

/* ---- json_in.c ------------------------------------------------------------- */

/* Memory that a packet built from JSON borrows: decoded binary fields and
 * the arrays of properties, subscriptions, filters and codes. */
typedef struct arena {
    void **blocks;
    size_t n, cap;
} arena;

void *arena_alloc(arena *a, size_t size);
void arena_free(arena *a);

/* Fill *pkt from an mqtt-packet object. `version` is the version to build
 * for; a "connect" object replaces it with its protocolVersion. Strings in
 * *pkt point into `obj`, other memory into `a`: keep both while *pkt is
 * used. On failure returns false with a message in err[0 .. errlen). */
bool json_to_packet(json_t *obj, mqw_packet *pkt, int *version, arena *a, char *err, size_t errlen);

#endif /* MQW_TOOL_H */
