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

/* Decode hex text into out[0 .. *out_len). The text is groups of hex digits
 * (either case) between separators (white space, ':' or ','), each group
 * an optional "0x" and whole bytes: "300d0004", "30 0d 00 04",
 * "30:0d:00:04", "0x30, 0x0d". `out` must hold len / 2 bytes. Returns
 * false on anything else, with *bad_at = the offset in `text` of the bad
 * character (or of the group with an odd number of digits) and a sentence
 * saying what is wrong in why[0 .. why_len) ("not a hex digit 'g' at
 * offset 5"). No text at all is 0 bytes, not an error. */
bool hex_decode(const char *text, size_t len, uint8_t *out, size_t *out_len, size_t *bad_at,
                char *why, size_t why_len);

/* Write 2 * len lowercase hex digits and a NUL to out (2 * len + 1 bytes). */
void hex_encode(const uint8_t *data, size_t len, char *out);

/* ---- prop_names.c ---------------------------------------------------------- */

/* mqtt-packet's name of a packet type ("publish"), NULL for 0 and over 15. */
const char *cmd_json_name(int type);

/* The packet type with mqtt-packet name `name`, 0 if there is none. */
int cmd_json_type(const char *name);

/* mqtt-packet's name of a property ("topicAlias", "userProperties"), NULL for
 * an identifier it has no name for. */
const char *prop_json_name(uint8_t id);

/* The identifier with mqtt-packet name `name`, 0 if there is none. */
uint8_t prop_json_id(const char *name);

/* Whether mqtt-packet represents a BYTE property as a JSON boolean (all of
 * them but Maximum QoS, which stays a number). */
bool prop_json_is_bool(uint8_t id);

/* ---- json_out.c ------------------------------------------------------------ */

/* What the tool remembers from one packet to the next, decoding or
 * encoding: the version a CONNECT announced and whether it came from a
 * bridge (mqtt-packet then gives 3.x subscriptions the 5.0 options a bridge
 * implies). */
typedef struct conn_state {
    int version;
    bool bridge;
} conn_state;

/* How decode writes User Properties: mqtt-packet's object, name -> value
 * (an array of values for a repeated name, so the order across names is
 * lost), or a list of [name, value] pairs in the packet's order. */
typedef enum user_props_form { USER_PROPS_OBJECT, USER_PROPS_LIST } user_props_form;

/* The mqtt-packet object of a parsed packet. `frame` is its fixed header;
 * `st` the state it was parsed in (a CONNECT updates it). NULL when out of
 * memory. */
json_t *packet_to_json(const mqw_packet *pkt, const mqw_frame_info *frame, conn_state *st,
                       user_props_form user_props);

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

/* Fill *pkt from an mqtt-packet object, with User Properties in either of
 * the forms above. `st` is the state to build in; a "connect" object
 * replaces it with its protocolVersion and bridgeMode. Strings in *pkt
 * point into `obj`, other memory into `a`: keep both while *pkt is used.
 * On failure returns false with a message in err[0 .. errlen): a key the
 * packet does not have, a value of the wrong type or range, or a 5.0-only
 * field with a value a 3.x packet cannot carry. */
bool json_to_packet(json_t *obj, mqw_packet *pkt, conn_state *st, arena *a, char *err,
                    size_t errlen);

#endif /* MQW_TOOL_H */
