/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/**
 * @file
 * The whole public API of mqttwire. Its sections are the modules of the API
 * reference; the page @ref conventions says what the parameters every
 * function shares mean.
 */
/**
 * @mainpage mqttwire
 *
 * mqttwire -- parse and build every MQTT control packet (3.1, 3.1.1, 5.0).
 *
 * Stateless, allocation-free, zero-copy. Every function is a pure function of
 * its arguments: no globals, no malloc, no errno, no locale, no I/O.
 *
 * The whole API is the one header, mqttwire.h. This reference follows its
 * sections (the modules) and starts with the @ref conventions every function
 * shares.
 */
/**
 * @page conventions Conventions
 *
 * Conventions used by every function of the header. A function's own comment
 * says only what it adds to them or where it departs from them.
 *
 * @section conventions_parsers Parsers
 *
 * Parsers take the bytes of one packet starting at its fixed header:
 * (buf, len, out, version, lim, diag, used). They never read before `buf` or
 * at/after `buf + len`, and never past the packet's own Remaining Length
 * (bytes after it belong to the next packet). Three outcomes:
 *
 * - MQW_OK: `out` filled, `*used` = the packet's total length;
 * - MQW_ERR_NEED_MORE: `*used` = the smallest total length that could
 *   complete the packet given the bytes seen so far;
 * - any other error: `diag` (if given) says where and why.
 *
 * Every view (mqw_bytes) a parser returns points into `buf` and is valid
 * while `buf` is. Once a parser has returned MQW_OK, the iterators over the
 * packet's lists and properties cannot fail.
 *
 * Parser parameters:
 *
 * - `buf`: the packet's first byte. Only read, never retained (the views in
 *   `out` point into it). May be NULL only when len is 0.
 * - `len`: bytes readable at buf; may run past the packet.
 * - `out`: the caller's struct; must not be NULL and must not overlap buf.
 *   A NULL `out` is MQW_ERR_ARG before anything else is looked at, so
 *   whatever the bytes (even none, or a cut packet: never
 *   MQW_ERR_NEED_MORE); every parser and mqw_frame and mqw_parse follow
 *   this rule: argument errors before verdicts on the input. Meaningful
 *   after MQW_OK only, unless the function says otherwise; after an error
 *   it may be partly written. Not written on MQW_ERR_NEED_MORE.
 * - `version`: MQW_V31, MQW_V311 or MQW_V5, or MQW_V_UNKNOWN while the
 *   version is not known yet (a server's first packet: the CONNECT that
 *   will name it); anything else is MQW_ERR_ARG. With MQW_V_UNKNOWN only a
 *   CONNECT can be read: mqw_frame frames it with the fixed-header rules
 *   every version shares (those of 3.1.1: mqw_connect_parse checks the
 *   flag nibble and the 5.0 rules once it has read the level), mqw_parse
 *   and mqw_connect_parse parse it, and any other packet type is
 *   MQW_ERR_PACKET_TYPE (no row; [MQTT-3.1.0-1]: the first packet must be
 *   a CONNECT, the server closes the connection), from mqw_frame,
 *   mqw_parse and every parser alike, as soon as the first byte is there.
 *   A CONNECT carries its own version, so for one the argument is only
 *   checked to be one of these four.
 * - `lim`: options, NULL for all 0; only read during the call.
 * - `diag`: NULL, or written on every return: offset 0 and rule NULL on
 *   MQW_OK and MQW_ERR_NEED_MORE, where and why otherwise.
 * - `used`: NULL, or written as above; unspecified after other errors.
 *
 * @subsection conventions_framing_errors The framing errors
 *
 * Every parser first checks the fixed header as mqw_frame does, so every
 * parser can return:
 *
 * - MQW_ERR_ARG: `version` none of the four above, or buf NULL with
 *   len > 0.
 * - MQW_ERR_PACKET_TYPE: type 0 (FH-15), type 15 before 5.0 (FH-16), a
 *   type the parser does not read, or with MQW_V_UNKNOWN any type but
 *   CONNECT (no row; reported as soon as the first byte is there, ahead of
 *   MQW_ERR_NEED_MORE).
 * - MQW_ERR_FLAGS: a fixed flag nibble (FH-2..FH-14); DUP on a QoS 0
 *   PUBLISH (FH-18) unless MQW_LENIENT_DUP_QOS0; on 3.1 the QoS bits of
 *   PUBREL, SUBSCRIBE and UNSUBSCRIBE not 01 (31-11) unless MQW_LENIENT_V31,
 *   and with MQW_STRICT_V31 their RETAIN bit (31-13) or the nibble of the
 *   other types (31-14).
 * - MQW_ERR_QOS: a PUBLISH with QoS 3 (FH-17).
 * - MQW_ERR_DIRECTION: with lim->role, a type the peer may not send (FH-20).
 * - MQW_ERR_VARINT: Remaining Length over 4 bytes (RL-1) or not in its
 *   shortest form (RL-2; 3.x accepts that with MQW_LENIENT_VARINT).
 * - MQW_ERR_TOO_LARGE: the packet is over lim->max_packet_size (no row),
 *   reported as soon as the header bytes prove it.
 *
 * The packet type is compared with the parser's before anything else is
 * judged, so a parser handed another type's packet says MQW_ERR_PACKET_TYPE
 * whatever else is wrong with it; the flag and QoS codes above come only
 * from packets of the parser's own type(s).
 *
 * @subsection conventions_property_errors The property errors
 *
 * A parser that reads a 5.0 property block can return:
 *
 * - MQW_ERR_SHORT: Property Length missing (the packet's row: CF-18, CF-19,
 *   CA-5, PUB-8, SUB-11, US-6; RL-7 otherwise) or running past the Remaining
 *   Length (RL-7); a value cut short (PR-2, PR-3) or straddling the end of
 *   the block (PR-4).
 * - MQW_ERR_VARINT: Property Length over 4 bytes (RL-1) or not minimal
 *   (RL-6); Subscription Identifier not minimal (PR-8) or over 4 bytes
 *   (PR-9).
 * - MQW_ERR_PROPERTY_ID: unknown identifier (PR-1).
 * - MQW_ERR_PROPERTY_NOT_ALLOWED: not allowed in this packet (PR-10..PR-18,
 *   ACK-6; in a Will: CF-23); with lim->role, a Subscription Identifier in a
 *   client's PUBLISH (PUB-10) or a Session Expiry Interval in a server's
 *   DISCONNECT (PDA-3).
 * - MQW_ERR_PROPERTY_DUPLICATE: a single-valued property repeated (PR-5;
 *   Subscription Identifier outside PUBLISH: PR-7).
 * - MQW_ERR_PROPERTY_VALUE: value out of range (PR-19, PR-20,
 *   PR-22..PR-27); Response Topic with a wildcard (PUB-12), or empty
 *   (PUB-13) unless MQW_LENIENT_RESPONSE_TOPIC.
 * - MQW_ERR_TOPIC_ALIAS: Topic Alias 0 (PUB-7; PUBLISH only).
 * - MQW_ERR_UTF8: a string property (STR-15) or either half of a User
 *   Property (STR-16) is not a valid MQTT UTF-8 string.
 * - MQW_ERR_AUTH_METHOD: Authentication Data without Authentication Method
 *   (PR-28; CONNECT only).
 *
 * A function's comment names the rows its packet adds (e.g. "CA-5,
 * PR-11"); the rows above apply wherever the packet allows.
 *
 * @section conventions_builders Builders
 *
 * Builders take (buf, cap, in, version, lim, diag, len) and follow the
 * snprintf contract: on MQW_OK the packet occupies buf[0 .. *len); with
 * `cap` too small nothing is written at or after buf[cap], the result is
 * MQW_ERR_NOSPACE and `*len` is the size needed. buf == NULL with cap == 0
 * is the size query (returns MQW_ERR_NOSPACE and sets *len). A builder
 * refuses (returns an error, `*len` = 0) to produce a packet that a
 * conforming parser would reject; it never emits malformed bytes. On any
 * result other than MQW_OK nothing at all is written to buf.
 *
 * Builder parameters:
 *
 * - `buf`: where the packet goes. May be NULL: then every call is a size
 *   query, whatever cap says. Must not overlap `in` or any bytes its views
 *   reference.
 * - `cap`: bytes writable at buf.
 * - `in`: the packet to write; must not be NULL (MQW_ERR_ARG). It and the
 *   bytes its views reference are only read during the call, never
 *   retained.
 * - `version`: as for parsers.
 * - `lim`: NULL for all 0. max_packet_size is the peer's Maximum Packet
 *   Size, role the caller's own role. Of the flags, builders read
 *   MQW_STRICT_UTF8, MQW_STRICT_PAYLOAD_UTF8, MQW_ALLOW_BRIDGE,
 *   MQW_TRIM_TO_FIT and MQW_LENIENT_DIRECTION; every other check is always
 *   on, whatever the parse-side bits say.
 * - `diag`: NULL, or written on every return: offset 0, the rule of a
 *   refusal (NULL otherwise) and `dropped`.
 * - `len`: NULL, or written as above: the size on MQW_OK and
 *   MQW_ERR_NOSPACE, 0 after a refusal.
 *
 * @subsection conventions_builder_errors The common builder errors
 *
 * Every builder can return:
 *
 * - MQW_ERR_NOSPACE: buf is NULL or cap < *len.
 * - MQW_ERR_ARG: `in` is NULL or `version` unknown.
 * - MQW_ERR_TOO_LARGE: Remaining Length over 268,435,455 (RL-1), or the
 *   packet over lim->max_packet_size (no row). The Remaining Length is
 *   judged as the sum of every part, each of which may fit on its own. An
 *   array, list or block whose stated count or length no packet can hold
 *   (more properties than 134,217,727, a raw block over 268,435,455 bytes,
 *   more subscriptions than 67,108,863, filters to unsubscribe than
 *   89,478,484, codes or raw list bytes than 268,435,453) is refused with
 *   RL-1 before any of its entries is read, ahead of what the entries
 *   would give.
 *
 * @subsection conventions_property_builder_errors The property builder errors
 *
 * A 5.0 builder validates each property block as a parser would and can
 * return the property errors above (MQW_ERR_SHORT and MQW_ERR_VARINT only
 * when decoding a `raw` block; MQW_ERR_PROPERTY_VALUE also for a `list`
 * value too large for its type, PR-9 for a Subscription Identifier), with
 * lim->role as the sender (PUB-10: a client; PDA-3: a server) and
 * MQW_LENIENT_RESPONSE_TOPIC ignored; also MQW_ERR_ARG for a string or
 * binary view over 65,535 bytes or NULL with a length (STR-10), or raw.ptr
 * NULL with raw.len > 0, and MQW_ERR_TOO_LARGE for a block over 268,435,455
 * bytes (RL-1). Before 5.0 a non-empty block (a `list` with n > 0, or a
 * `raw` without a `list`) is MQW_ERR_ARG (3.1: 31-16). A builder marked
 * "trimmable" drops the Reason String, then the User Properties, when lim
 * has MQW_TRIM_TO_FIT and the packet would exceed lim->max_packet_size;
 * diag->dropped says what went. The others never drop a property.
 *
 * @section conventions_common Everywhere
 *
 * - `version` is MQW_V31, MQW_V311 or MQW_V5 (the protocol level); parsers
 *   also take MQW_V_UNKNOWN before the CONNECT (above). CONNECT carries its
 *   own version; every other packet is parsed and built for the version the
 *   caller passes.
 * - Compile-time knobs, for small targets, given when compiling lib/ files
 *   (they change nothing in this header): `-DMQW_NO_V5` leaves out MQTT 5.0
 *   (properties, reason codes on acks, AUTH), `-DMQW_NO_V31` leaves out MQTT
 *   3.1. A left-out version is refused like an unknown one: MQW_ERR_ARG as
 *   a `version` argument, MQW_ERR_PROTOCOL_VERSION (rule CN-3) in a CONNECT.
 *   Without 5.0 the property iterators and lookups find nothing,
 *   mqw_property_name gives "?" and mqw_reason_string "Unknown reason
 *   code". Everything else, validation included, is unchanged.
 *   `-DMQW_NO_RULE_IDS` leaves out the rule ids: diag->rule is always
 *   NULL; results and diag->offset are unchanged. `-DMQW_NO_NAMES` leaves
 *   out the sentences of mqw_diag_format, which then names the constants,
 *   and the names of packets, properties and reason codes: mqw_packet_name,
 *   mqw_property_name and mqw_reason_string give "?" (mqw_strerror keeps
 *   the constants' names).
 * - `lim` may be NULL (defaults); `diag` may be NULL; `used`/`len` may be
 *   NULL when the caller does not need the length.
 * - Strings returned by mqw_version, mqw_strerror, mqw_reason_string,
 *   mqw_packet_name and mqw_property_name, and diag->rule, are static:
 *   never NULL (diag->rule excepted) and never to be freed.
 * - Rule ids such as "FH-17" are rows of the rule catalogue shipped with the
 *   sources, docs/rules.md: the versions each binds, the specification
 *   statement it comes from and what it requires. "Section N" below is a
 *   section of it (section 21: the choices the mqw_limits flags make).
 */
#ifndef MQTTWIRE_H
#define MQTTWIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/** @defgroup version Version and export
 * The version macros, mqw_version() and the export macro MQW_API.
 *
 * The version is written here and nowhere else: meson.build and the CMake
 * files read these three lines, and docs/releasing.md says when each moves.
 * @{ */
/** Major version: 0 until the API is declared stable. */
#define MQW_VERSION_MAJOR 0
/** Minor version: before 1.0 it moves on a release that may break the ABI. */
#define MQW_VERSION_MINOR 1
/** Patch version: fixes only, the API and ABI unchanged. */
#define MQW_VERSION_PATCH 0

/** Spells a macro's value as a string literal (for MQW_VERSION_STRING). */
#define MQW_STRINGIFY(x) MQW_STRINGIFY_(x)
/** The step of MQW_STRINGIFY that quotes its already expanded argument. */
#define MQW_STRINGIFY_(x) #x
/** "MAJOR.MINOR.PATCH", composed from the three numbers above. */
#define MQW_VERSION_STRING                                                                         \
    MQW_STRINGIFY(MQW_VERSION_MAJOR)                                                               \
    "." MQW_STRINGIFY(MQW_VERSION_MINOR) "." MQW_STRINGIFY(MQW_VERSION_PATCH)

/** Marks the functions the library exports: default visibility on gcc and
 *  clang (the shared library is built with hidden visibility and a version
 *  script), `__declspec(dllexport)` when building a Windows DLL with
 *  MQW_BUILDING_DLL defined, nothing otherwise. Define it before including
 *  the header to override it. */
#ifndef MQW_API
#if defined(_WIN32) && defined(MQW_BUILDING_DLL)
#define MQW_API __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#define MQW_API __attribute__((visibility("default")))
#else
#define MQW_API
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** The library's version string, equal to MQW_VERSION_STRING of the header
 *  it was built with.
 *  @return a static string, never NULL. */
MQW_API const char *mqw_version(void);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup errors Errors
 *
 * Numbers are fixed and never reused. Groups: -1..-9 incomplete / space;
 * -10..-29 malformed packet (5.0 reason 0x81 unless mqw_reason_code says
 * otherwise); -30..-49 protocol error (0x82 unless said otherwise); -50..-59
 * a CONNECT the receiver must refuse with a CONNACK; -60..-69 limits;
 * -70..-79 caller mistakes. MQW_ERR_MALFORMED and MQW_ERR_PROTOCOL are the
 * generic codes of their groups: no function returns MQW_ERR_MALFORMED at
 * present, and MQW_ERR_PROTOCOL comes only from PUB-5.
 * @{ */

/** Result codes: MQW_OK or a negative MQW_ERR_*, the number of each fixed for
 *  good. mqw_strerror names them, mqw_reason_code maps them to MQTT 5. */
enum {
    MQW_OK = 0, /**< success */

    MQW_ERR_NEED_MORE = -1, /**< input incomplete; `*used` = bytes needed */
    MQW_ERR_NOSPACE = -2,   /**< output too small; `*len` = bytes needed */
    MQW_ERR_FULL = -3,      /**< every in-flight slot of a session is in use */

    MQW_ERR_MALFORMED = -10,     /**< structure broken (generic) */
    MQW_ERR_PACKET_TYPE = -11,   /**< reserved packet type (FH-15, FH-16) */
    MQW_ERR_FLAGS = -12,         /**< fixed-header flag bits (FH-1..14, FH-18) */
    MQW_ERR_QOS = -13,           /**< QoS 3 where a QoS is carried */
    MQW_ERR_VARINT = -14,        /**< variable byte integer too long or not minimal */
    MQW_ERR_SHORT = -15,         /**< a field runs past the Remaining Length */
    MQW_ERR_TRAILING = -16,      /**< bytes left after the packet's last field */
    MQW_ERR_UTF8 = -17,          /**< ill-formed UTF-8, U+0000, or (strict) control char */
    MQW_ERR_TOPIC_NAME = -18,    /**< wildcard in / empty Topic Name (5.0: 0x90) */
    MQW_ERR_TOPIC_FILTER = -19,  /**< Topic Filter syntax (5.0: 0x8F) */
    MQW_ERR_PROPERTY_ID = -20,   /**< unknown property identifier */
    MQW_ERR_CONNECT_FLAGS = -21, /**< Connect Flags inconsistent with the payload */
    MQW_ERR_RESERVED = -22,      /**< a reserved bit is set */

    MQW_ERR_PROTOCOL = -30,             /**< protocol error (generic) */
    MQW_ERR_PACKET_ID = -31,            /**< Packet Identifier 0 where one is required */
    MQW_ERR_EMPTY = -32,                /**< a list that must hold >= 1 entry is empty */
    MQW_ERR_REASON_CODE = -33,          /**< reason/return code not allowed here */
    MQW_ERR_PROPERTY_NOT_ALLOWED = -34, /**< property not allowed in this packet */
    MQW_ERR_PROPERTY_DUPLICATE = -35,   /**< single-valued property repeated */
    MQW_ERR_PROPERTY_VALUE = -36,       /**< property value out of range */
    MQW_ERR_DIRECTION = -37,            /**< not allowed in this direction (role) */
    MQW_ERR_TOPIC_ALIAS = -38,          /**< Topic Alias 0 (PUB-7, 0x94) */
    MQW_ERR_SESSION_PRESENT = -39,      /**< Session Present with a refusal code */
    MQW_ERR_SUB_OPTIONS = -40,          /**< 5.0 subscription options invalid */
    MQW_ERR_AUTH_METHOD = -41,          /**< Authentication Method missing */
    MQW_ERR_ACK_UNKNOWN = -42,          /**< ack for an identifier not in flight */
    MQW_ERR_ACK_STATE = -43,            /**< ack that does not fit its flow's state */
    MQW_ERR_ACK_COUNT = -44,            /**< SUBACK/UNSUBACK code count != entries sent */
    MQW_ERR_RECEIVE_MAXIMUM = -45,      /**< peer sent past our Receive Maximum (0x93) */
    MQW_ERR_ALIAS_UNKNOWN = -46,        /**< Topic Alias without a mapping */

    MQW_ERR_PROTOCOL_NAME = -50,    /**< CONNECT protocol name unknown (0x84) */
    MQW_ERR_PROTOCOL_VERSION = -51, /**< CONNECT protocol level unsupported (0x84) */
    MQW_ERR_CLIENT_ID = -52,        /**< Client Identifier must be refused (0x85) */

    MQW_ERR_TOO_LARGE = -60,    /**< packet larger than the maximum (0x95) */
    MQW_ERR_PAYLOAD_UTF8 = -61, /**< payload marked UTF-8 is not (0x99) */
    MQW_ERR_QUOTA = -62,        /**< over a caller-sized table (0x97) */
    MQW_ERR_KEEP_ALIVE = -63,   /**< peer silent past the Keep Alive (0x8D) */
    MQW_ERR_RESEND_LIMIT = -64, /**< 3.x: no ack after the last resend */

    MQW_ERR_ARG = -70,  /**< invalid argument (bad version, NULL view, > 65535 ...) */
    MQW_ERR_STATE = -71 /**< call does not fit the session's state (not connected ...) */
};

/** Constant name of an error code ("MQW_ERR_SHORT"), "MQW_OK" for 0, and
 *  "MQW_ERR_?" for a number that is not a code. Never NULL.
 *  @param err  any int.
 *  @return a static string. */
MQW_API const char *mqw_strerror(int err);

/** The MQTT 5 reason code a receiver should send (in CONNACK or DISCONNECT)
 *  for a parse error or a delivery-rule violation: 0x81 Malformed Packet,
 *  0x82 Protocol Error, 0x84 Unsupported Protocol Version, 0x85 Client
 *  Identifier not valid, 0x8D Keep Alive timeout, 0x8F Topic Filter invalid,
 *  0x90 Topic Name invalid, 0x93 Receive Maximum exceeded, 0x94 Topic Alias
 *  invalid, 0x95 Packet too large, 0x97 Quota exceeded, 0x99 Payload format
 *  invalid. 0 for MQW_OK and for codes that are not a verdict on what the
 *  peer sent (NEED_MORE, NOSPACE, FULL, RESEND_LIMIT, ARG, STATE).
 *  @param err  any int.
 *  @return 0x90 for MQW_ERR_TOPIC_NAME, 0x8F for MQW_ERR_TOPIC_FILTER, 0x94 for
 *          MQW_ERR_TOPIC_ALIAS, 0x93 for MQW_ERR_RECEIVE_MAXIMUM, 0x84 for
 *          MQW_ERR_PROTOCOL_NAME and MQW_ERR_PROTOCOL_VERSION, 0x85 for
 *          MQW_ERR_CLIENT_ID, 0x95 for MQW_ERR_TOO_LARGE, 0x99 for
 *          MQW_ERR_PAYLOAD_UTF8, 0x97 for MQW_ERR_QUOTA, 0x8D for
 *          MQW_ERR_KEEP_ALIVE; otherwise 0x81 for any number in -10..-29,
 *          0x82 for any number in -30..-49 (codes or not), and 0 for
 *          everything else. */
MQW_API uint8_t mqw_reason_code(int err);

/** Name of an MQTT 5 reason code for logs ("Packet Identifier not found").
 *  Codes whose meaning depends on the packet (0x00) use the generic name
 *  ("Success"). "Unknown reason code" for codes no packet defines.
 *  @param code  any byte.
 *  @return a static string, never NULL. */
MQW_API const char *mqw_reason_string(uint8_t code);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup views Views, versions, options, diagnostics
 * @{ */

/** A view of bytes owned by somebody else. Parsers return views into the
 *  input buffer; builders read views the caller provides. ptr may be NULL
 *  only when len is 0. Nothing requires NUL termination. */
typedef struct mqw_bytes {
    const uint8_t *ptr; /**< the first byte; NULL only when len is 0 */
    size_t len;         /**< number of bytes at ptr */
} mqw_bytes;

/** A view of a NUL-terminated C string (without the NUL). s may be NULL. */
static inline mqw_bytes mqw_cstr(const char *s)
{
    mqw_bytes b;
    b.ptr = (const uint8_t *)s;
    b.len = s ? strlen(s) : 0;
    return b;
}

/** Protocol versions: the protocol level byte of CONNECT. */
enum {
    /** The version is not known yet: what a server passes to mqw_frame and
     *  mqw_parse for the first packet of a connection, before it has read
     *  the CONNECT (see `version` in the parser conventions). Not a
     *  protocol level; builders refuse it (MQW_ERR_ARG). */
    MQW_V_UNKNOWN = 0,
    MQW_V31 = 3,  /**< MQTT 3.1 (protocol name "MQIsdp") */
    MQW_V311 = 4, /**< MQTT 3.1.1 */
    MQW_V5 = 5    /**< MQTT 5.0 */
};

/** Packet types: the high nibble of the first byte. */
enum {
    MQW_CONNECT = 1,      /**< client to server: open a connection (names the version) */
    MQW_CONNACK = 2,      /**< server to client: the answer to CONNECT */
    MQW_PUBLISH = 3,      /**< both ways: an application message */
    MQW_PUBACK = 4,       /**< QoS 1: the receiver has the message */
    MQW_PUBREC = 5,       /**< QoS 2, step 1: the receiver has the message */
    MQW_PUBREL = 6,       /**< QoS 2, step 2: the sender releases it */
    MQW_PUBCOMP = 7,      /**< QoS 2, step 3: the flow is complete */
    MQW_SUBSCRIBE = 8,    /**< client to server: Topic Filters with options */
    MQW_SUBACK = 9,       /**< server to client: one code per filter */
    MQW_UNSUBSCRIBE = 10, /**< client to server: Topic Filters to remove */
    MQW_UNSUBACK = 11,    /**< server to client: the answer to UNSUBSCRIBE */
    MQW_PINGREQ = 12,     /**< client to server: keep alive */
    MQW_PINGRESP = 13,    /**< server to client: the answer to PINGREQ */
    MQW_DISCONNECT = 14,  /**< client to server (5.0: both ways): closing */
    MQW_AUTH = 15         /**< 5.0 only, both ways: an authentication exchange */
};

/** Name of a packet type ("PUBLISH"), "?" for 0, negative values and values
 *  > 15.
 *  @return a static string, never NULL. */
MQW_API const char *mqw_packet_name(int type);

/** Roles for mqw_limits.role: the side the caller is on. A parser with a
 *  role rejects packets that the peer may not send to it; a builder with a
 *  role refuses packets that the caller may not send (docs/rules.md C-17). */
enum {
    MQW_ROLE_ANY = 0,    /**< no role: every direction accepted (sniffers, proxies) */
    MQW_ROLE_CLIENT = 1, /**< the caller is a client */
    MQW_ROLE_SERVER = 2  /**< the caller is a server */
};

/** Option bits for mqw_limits.flags. 0 gives the recommended defaults of
 *  docs/rules.md section 21; each bit moves one choice away from them. */
enum {
    /* Checks that are ON by default; the bit turns them off. */
    MQW_LENIENT_VARINT = 1u << 0,         /**< 3.x: accept non-minimal RL (RL-2, C-1) */
    MQW_LENIENT_DUP_QOS0 = 1u << 1,       /**< accept DUP on QoS 0 (FH-18, C-2) */
    MQW_LENIENT_ACK_ID = 1u << 2,         /**< accept Packet Identifier 0 in acks (PID-5/6) */
    MQW_LENIENT_WILL_TOPIC = 1u << 3,     /**< accept empty/wildcard Will Topic (CF-20/21) */
    MQW_LENIENT_SESSION = 1u << 4,        /**< accept Session Present with a refusal (CA-2) */
    MQW_LENIENT_V31 = 1u << 5,            /**< 3.1: accept SUBACK 0x80, any QoS bits (31-10/11) */
    MQW_LENIENT_RESPONSE_TOPIC = 1u << 6, /**< accept empty Response Topic (PUB-13) */
    MQW_LENIENT_DIRECTION = 1u << 7,      /**< with a role: skip reason-code direction (PDA-4/8) */
    /** Accept a SUBSCRIBE or UNSUBSCRIBE with a bad Topic Filter; the
     *  entry's `status` says MQW_ERR_TOPIC_FILTER (C-10). Since 0.2; before,
     *  this was the default. A bit of its own (not bit 9, which was
     *  MQW_STRICT_FILTERS and keeps meaning "reject"). */
    MQW_LENIENT_FILTERS = 1u << 15,

    /* Checks that are OFF by default; the bit turns them on. */
    MQW_STRICT_UTF8 = 1u << 8,          /**< reject control chars, non-characters (STR-8) */
    MQW_STRICT_CONNACK_CODE = 1u << 10, /**< 3.x: reject CONNACK codes 6..255 (CA-3) */
    MQW_STRICT_AUTH_LENGTH = 1u << 11,  /**< reject AUTH with RL 1 (PDA-6) */
    MQW_STRICT_V31 = 1u << 12,          /**< 3.1: unused bits must be 0, no empty lists */
    MQW_STRICT_PAYLOAD_UTF8 = 1u << 13, /**< check payloads marked UTF-8 (C-13) */
    MQW_ALLOW_BRIDGE = 1u << 14,        /**< accept level | 0x80 (mosquitto bridges, CN-6) */
    /** Deprecated, no effect: rejecting a packet with a bad filter (C-10)
     *  is the default since 0.2 (MQW_LENIENT_FILTERS turns it off, and wins
     *  when both are set). Kept so that 0.1 code compiles and means what it
     *  meant; to be removed. */
    MQW_STRICT_FILTERS = 1u << 9,

    /* Builders only. */
    MQW_TRIM_TO_FIT = 1u << 16 /**< drop Reason String, then User Properties, to fit */
};

/** Options for parsers and builders; NULL means all fields 0. */
typedef struct mqw_limits {
    /** Parse: largest packet accepted (total bytes, header included); build:
     *  the peer's Maximum Packet Size. 0 = no limit but the protocol's. */
    uint32_t max_packet_size;
    uint32_t flags; /**< MQW_LENIENT_* / MQW_STRICT_* / MQW_ALLOW_* bits */
    uint8_t role;   /**< MQW_ROLE_* of the caller */
} mqw_limits;

/** What mqw_diag.dropped reports after a build with MQW_TRIM_TO_FIT. */
enum {
    MQW_DROPPED_REASON_STRING = 1u << 0, /**< the Reason String was left out */
    MQW_DROPPED_USER_PROPERTY = 1u << 1  /**< the User Properties were left out */
};

/** Where and why. Parsers set `offset` to the offset from `buf` of the first
 *  byte that breaks the rule (for a field that runs past its end: the first
 *  byte of its length or of the field; for surplus bytes: the first surplus
 *  byte; for bad UTF-8: the first byte of the bad sequence) and `rule` to the
 *  id of its row in docs/rules.md ("FH-17"), or NULL when no row applies
 *  (always NULL in a library built with MQW_NO_RULE_IDS). Builders set
 *  offset 0 and the rule the input would break. `dropped` is set by
 *  builders (MQW_DROPPED_* bits) and is 0 after a parse. `rule` points to a
 *  static string. Every function that takes a diag writes it on every
 *  return; mqw_diag_format turns it into a sentence. */
typedef struct mqw_diag {
    size_t offset;    /**< parse: offset from `buf` of the first offending byte; 0 otherwise */
    const char *rule; /**< id of the rule broken ("FH-17"), or NULL; a static string */
    unsigned dropped; /**< build: MQW_DROPPED_* bits of what MQW_TRIM_TO_FIT left out */
} mqw_diag;

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup properties MQTT 5 properties
 * @{ */

/** Property identifiers (5.0 Table 2-4). */
enum {
    /** byte; PUBLISH, Will: 1 = the payload is UTF-8 */
    MQW_PROP_PAYLOAD_FORMAT_INDICATOR = 0x01,
    /** four-byte integer, seconds; PUBLISH, Will */
    MQW_PROP_MESSAGE_EXPIRY_INTERVAL = 0x02,
    /** string; PUBLISH, Will */
    MQW_PROP_CONTENT_TYPE = 0x03,
    /** string, a Topic Name; PUBLISH, Will */
    MQW_PROP_RESPONSE_TOPIC = 0x08,
    /** binary; PUBLISH, Will */
    MQW_PROP_CORRELATION_DATA = 0x09,
    /** variable byte integer; PUBLISH, SUBSCRIBE */
    MQW_PROP_SUBSCRIPTION_IDENTIFIER = 0x0B,
    /** four-byte integer, seconds; CONNECT, CONNACK, DISCONNECT */
    MQW_PROP_SESSION_EXPIRY_INTERVAL = 0x11,
    /** string; CONNACK */
    MQW_PROP_ASSIGNED_CLIENT_IDENTIFIER = 0x12,
    /** two-byte integer, seconds; CONNACK */
    MQW_PROP_SERVER_KEEP_ALIVE = 0x13,
    /** string; CONNECT, CONNACK, AUTH */
    MQW_PROP_AUTHENTICATION_METHOD = 0x15,
    /** binary; CONNECT, CONNACK, AUTH */
    MQW_PROP_AUTHENTICATION_DATA = 0x16,
    /** byte, 0 or 1; CONNECT */
    MQW_PROP_REQUEST_PROBLEM_INFORMATION = 0x17,
    /** four-byte integer, seconds; Will */
    MQW_PROP_WILL_DELAY_INTERVAL = 0x18,
    /** byte, 0 or 1; CONNECT */
    MQW_PROP_REQUEST_RESPONSE_INFORMATION = 0x19,
    /** string; CONNACK */
    MQW_PROP_RESPONSE_INFORMATION = 0x1A,
    /** string; CONNACK, DISCONNECT */
    MQW_PROP_SERVER_REFERENCE = 0x1C,
    /** string; CONNACK, the four acks, SUBACK, UNSUBACK, DISCONNECT, AUTH */
    MQW_PROP_REASON_STRING = 0x1F,
    /** two-byte integer, not 0; CONNECT, CONNACK */
    MQW_PROP_RECEIVE_MAXIMUM = 0x21,
    /** two-byte integer; CONNECT, CONNACK */
    MQW_PROP_TOPIC_ALIAS_MAXIMUM = 0x22,
    /** two-byte integer, not 0; PUBLISH */
    MQW_PROP_TOPIC_ALIAS = 0x23,
    /** byte, 0 or 1; CONNACK */
    MQW_PROP_MAXIMUM_QOS = 0x24,
    /** byte, 0 or 1; CONNACK */
    MQW_PROP_RETAIN_AVAILABLE = 0x25,
    /** string pair, may repeat; every packet that has properties, and the Will */
    MQW_PROP_USER_PROPERTY = 0x26,
    /** four-byte integer, not 0; CONNECT, CONNACK */
    MQW_PROP_MAXIMUM_PACKET_SIZE = 0x27,
    /** byte, 0 or 1; CONNACK */
    MQW_PROP_WILDCARD_SUBSCRIPTION_AVAILABLE = 0x28,
    /** byte, 0 or 1; CONNACK */
    MQW_PROP_SUBSCRIPTION_IDENTIFIER_AVAILABLE = 0x29,
    /** byte, 0 or 1; CONNACK */
    MQW_PROP_SHARED_SUBSCRIPTION_AVAILABLE = 0x2A
};

/** Property value types. */
enum {
    MQW_PTYPE_NONE = 0, /**< not a property identifier */
    MQW_PTYPE_BYTE,     /**< Byte (v.num) */
    MQW_PTYPE_U16,      /**< Two Byte Integer (v.num) */
    MQW_PTYPE_U32,      /**< Four Byte Integer (v.num) */
    MQW_PTYPE_VARINT,   /**< Variable Byte Integer (v.num) */
    MQW_PTYPE_STRING,   /**< UTF-8 Encoded String (v.bytes) */
    MQW_PTYPE_BINARY,   /**< Binary Data (v.bytes) */
    MQW_PTYPE_PAIR      /**< UTF-8 String Pair (v.pair) */
};

/** One property, both directions. The member of `v` that is used follows
 *  from the identifier's type (mqw_property_type), and builders read that
 *  member whatever was written: there is no tag to tell, so
 *  {.id = MQW_PROP_CONTENT_TYPE, .v.num = 7} builds as an empty Content
 *  Type. Make properties with the constructors below (mqw_prop_u32,
 *  mqw_prop_string, mqw_prop_pair ...), which cannot set the wrong member
 *  and turn an identifier of another type into one every builder refuses. */
typedef struct mqw_property {
    uint8_t id; /**< MQW_PROP_* */
    /** The value, in the member for the identifier's type. */
    union {
        uint32_t num;    /**< BYTE, U16, U32, VARINT */
        mqw_bytes bytes; /**< STRING, BINARY */
        struct {
            mqw_bytes name;  /**< the User Property's name */
            mqw_bytes value; /**< the User Property's value */
        } pair;              /**< PAIR (User Property) */
    } v;
} mqw_property;

/** @name Property constructors
 *  Each sets `id` and the one member of `v` its value type uses, the rest
 *  of the property zeroed. An `id` that is not of that type gives a
 *  property with identifier 0, which every builder refuses
 *  (MQW_ERR_PROPERTY_ID, PR-1), so a mismatch is never written. They are
 *  functions: for arrays filled at run time (automatic storage), e.g.
 *  `mqw_property p[] = {mqw_prop_u32(MQW_PROP_MESSAGE_EXPIRY_INTERVAL, 60),
 *  mqw_prop_pair(mqw_cstr("unit"), mqw_cstr("celsius"))};`
 *  @{ */

/** The identifiers of each value type, bit `id` set for each (5.0 Table
 *  2-4; every identifier is below 64). mqw_property_type gives the same. */
#define MQW_PROP_IDS_BYTE                                                                          \
    (UINT64_C(1) << 0x01 | UINT64_C(1) << 0x17 | UINT64_C(1) << 0x19 | UINT64_C(1) << 0x24 |       \
     UINT64_C(1) << 0x25 | UINT64_C(1) << 0x28 | UINT64_C(1) << 0x29 | UINT64_C(1) << 0x2A)
/** Two Byte Integer identifiers (see MQW_PROP_IDS_BYTE). */
#define MQW_PROP_IDS_U16                                                                           \
    (UINT64_C(1) << 0x13 | UINT64_C(1) << 0x21 | UINT64_C(1) << 0x22 | UINT64_C(1) << 0x23)
/** Four Byte Integer identifiers (see MQW_PROP_IDS_BYTE). */
#define MQW_PROP_IDS_U32                                                                           \
    (UINT64_C(1) << 0x02 | UINT64_C(1) << 0x11 | UINT64_C(1) << 0x18 | UINT64_C(1) << 0x27)
/** Variable Byte Integer identifiers (see MQW_PROP_IDS_BYTE). */
#define MQW_PROP_IDS_VARINT (UINT64_C(1) << 0x0B)
/** UTF-8 string identifiers (see MQW_PROP_IDS_BYTE). */
#define MQW_PROP_IDS_STRING                                                                        \
    (UINT64_C(1) << 0x03 | UINT64_C(1) << 0x08 | UINT64_C(1) << 0x12 | UINT64_C(1) << 0x15 |       \
     UINT64_C(1) << 0x1A | UINT64_C(1) << 0x1C | UINT64_C(1) << 0x1F)
/** Binary Data identifiers (see MQW_PROP_IDS_BYTE). */
#define MQW_PROP_IDS_BINARY (UINT64_C(1) << 0x09 | UINT64_C(1) << 0x16)

/** `id` when it is one of `ids` (an MQW_PROP_IDS_* set), else 0, the
 *  identifier no property has. With a constant `id` it folds away. */
static inline uint8_t mqw_prop_id_in(uint8_t id, uint64_t ids)
{
    return id < 64 && ((ids >> id) & 1u) ? id : 0;
}

/** A property with identifier `id` (0 when it is not of `ids`) and
 *  `v.num` = value. */
static inline mqw_property mqw_prop_num_of(uint8_t id, uint64_t ids, uint32_t value)
{
    mqw_property p;
    memset(&p, 0, sizeof p);
    p.id = mqw_prop_id_in(id, ids);
    p.v.num = value;
    return p;
}

/** A Byte property (Payload Format Indicator, Maximum QoS ...). */
static inline mqw_property mqw_prop_byte(uint8_t id, uint8_t value)
{
    return mqw_prop_num_of(id, MQW_PROP_IDS_BYTE, value);
}

/** A Two Byte Integer property (Topic Alias, Receive Maximum ...). */
static inline mqw_property mqw_prop_u16(uint8_t id, uint16_t value)
{
    return mqw_prop_num_of(id, MQW_PROP_IDS_U16, value);
}

/** A Four Byte Integer property (Message Expiry Interval, Session Expiry
 *  Interval, Will Delay Interval, Maximum Packet Size). */
static inline mqw_property mqw_prop_u32(uint8_t id, uint32_t value)
{
    return mqw_prop_num_of(id, MQW_PROP_IDS_U32, value);
}

/** A Variable Byte Integer property (Subscription Identifier; the builder
 *  refuses a value over 268,435,455, PR-9). */
static inline mqw_property mqw_prop_varint(uint8_t id, uint32_t value)
{
    return mqw_prop_num_of(id, MQW_PROP_IDS_VARINT, value);
}

/** A UTF-8 string property (Content Type, Response Topic, Reason String
 *  ...). The view is copied, not the bytes: they must outlive the build. */
static inline mqw_property mqw_prop_string(uint8_t id, mqw_bytes s)
{
    mqw_property p;
    memset(&p, 0, sizeof p);
    p.id = mqw_prop_id_in(id, MQW_PROP_IDS_STRING);
    p.v.bytes = s;
    return p;
}

/** A Binary Data property (Correlation Data, Authentication Data); the
 *  view as for mqw_prop_string. */
static inline mqw_property mqw_prop_binary(uint8_t id, mqw_bytes b)
{
    mqw_property p;
    memset(&p, 0, sizeof p);
    p.id = mqw_prop_id_in(id, MQW_PROP_IDS_BINARY);
    p.v.bytes = b;
    return p;
}

/** A User Property (the only UTF-8 string pair); the views as for
 *  mqw_prop_string. */
static inline mqw_property mqw_prop_pair(mqw_bytes name, mqw_bytes value)
{
    mqw_property p;
    memset(&p, 0, sizeof p);
    p.id = MQW_PROP_USER_PROPERTY;
    p.v.pair.name = name;
    p.v.pair.value = value;
    return p;
}

/** @} */

/** The property block of a packet (or of a Will).
 *  Parse: `raw` views the validated block (without its Property Length),
 *  `list` is NULL and `n` counts the properties.
 *  Build: if `list` is not NULL its `n` properties are written in order;
 *  otherwise `raw` is validated as for a parse and copied (so a parsed
 *  packet rebuilds as it is). A zeroed mqw_props means "no properties". */
typedef struct mqw_props {
    mqw_bytes raw;            /**< the encoded block, without its Property Length */
    const mqw_property *list; /**< build: the properties to write, or NULL; parse: NULL */
    size_t n;                 /**< number of properties (in `list`, or in `raw` after a parse) */
} mqw_props;

/** Iterator state for property blocks and packet lists; lives on the
 *  caller's stack, no cleanup. */
typedef struct mqw_iter {
    const uint8_t *p;   /**< next byte to read (the iterator's own) */
    const uint8_t *end; /**< end of the block or list (the iterator's own) */
    uint8_t version;    /**< version the list is read for (the iterator's own) */
    /** Subscription lists: the parse let bad filters through
     *  (MQW_LENIENT_FILTERS), so each entry's status is judged again (the
     *  iterator's own). */
    bool check_filters;
} mqw_iter;

/** Start iterating the `raw` block of `props`, which must come from a
 *  successful parse (for a builder's `list`, index the array directly;
 *  mqw_props_find handles both forms).
 *  @param it     the caller's iterator, not NULL; overwritten. It points into
 *                the parsed buffer and is usable while `buf` is.
 *  @param props  a parsed block, or NULL (nothing to iterate). Its `list` and
 *                `n` are not looked at. */
MQW_API void mqw_props_iter(mqw_iter *it, const mqw_props *props);
/** Next property in wire order into *out; false at the end. Only for raw
 *  blocks: for a `list`, index it directly.
 *  @param it   from mqw_props_iter, not NULL.
 *  @param out  not NULL. On true: the identifier and the member of `v` for its
 *              type; string, binary and pair views point into the parsed
 *              buffer (valid while `buf` is). Unspecified on false.
 *  @return true with a property; false at the end of the block (for a block
 *          that did not come from a parse, also at the first property that
 *          does not decode; identifiers are not checked against the packet). */
MQW_API bool mqw_props_next(mqw_iter *it, mqw_property *out);
/** First property with identifier `id` into *out (may be NULL); false if
 *  there is none. Works on both `raw` and `list` forms.
 *  @param props  NULL (false), a parsed block, or a builder's block: its
 *                `list` is searched when not NULL (entries as given, not
 *                validated), otherwise `raw` is walked as by mqw_props_next.
 *  @param id     any byte.
 *  @param out    NULL, or receives the property; its views point where the
 *                block's do (into `buf` for a parsed block). Untouched when
 *                the result is false. */
MQW_API bool mqw_props_find(const mqw_props *props, uint8_t id, mqw_property *out);
/** The value type of a property identifier, MQW_PTYPE_NONE if unknown.
 *  @return MQW_PTYPE_BYTE .. MQW_PTYPE_PAIR for the 27 identifiers of 5.0,
 *          MQW_PTYPE_NONE for every other byte. */
MQW_API int mqw_property_type(uint8_t id);
/** Name of a property identifier ("Topic Alias"), "?" if unknown.
 *  @return a static string, never NULL. */
MQW_API const char *mqw_property_name(uint8_t id);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup connect CONNECT, CONNACK (lib/connect.c)
 * @{ */

/** CONNECT: the first packet of a connection, which names its version. Each
 *  optional field comes with the flag that says whether it is there. */
typedef struct mqw_connect {
    uint8_t version;         /**< protocol level: MQW_V31, MQW_V311, MQW_V5 */
    bool bridge;             /**< level had bit 7 set (MQW_ALLOW_BRIDGE) */
    bool clean_start;        /**< Clean Session (3.x) / Clean Start (5.0) */
    uint16_t keep_alive;     /**< seconds, 0 = off */
    mqw_bytes protocol_name; /**< parse: as received; build: ignored */
    mqw_props props;         /**< 5.0 */
    mqw_bytes client_id;     /**< Client Identifier; may be empty (CF-16, 31-3) */
    bool will;               /**< Will Flag: the will_* fields are there */
    uint8_t will_qos;        /**< Will QoS, 0..2; 0 without `will` */
    bool will_retain;        /**< Will Retain; false without `will` */
    mqw_props will_props;    /**< 5.0, with `will` */
    mqw_bytes will_topic;    /**< Will Topic, a Topic Name; with `will` */
    mqw_bytes will_payload;  /**< Will Payload, binary; with `will` */
    bool has_username;       /**< User Name Flag */
    mqw_bytes username;      /**< User Name; with `has_username` */
    bool has_password;       /**< Password Flag */
    mqw_bytes password;      /**< Password, binary; with `has_password` */
} mqw_connect;

/** Parse a CONNECT; the version comes from the packet (out->version).
 *  Returns MQW_OK, NEED_MORE, or a malformed/protocol code as listed in
 *  docs/rules.md sections 1-6, 15, 16, 18, 19. A server answers a refused
 *  CONNECT in the form of the version it asked for, which `out` keeps from
 *  the level byte on; mqw_connack_refusal turns the result and `out` into
 *  the CONNACK to send, or says to close without one:
 *    MQW_ERR_PROTOCOL_NAME     (CN-1) close.
 *    MQW_ERR_PROTOCOL_VERSION  (CN-2..4, CN-6) a 3.1.1 CONNACK with return
 *                              code 0x01 ([MQTT-3.1.2-2]), or on level 5
 *                              a 5.0 one with reason 0x84.
 *    MQW_ERR_CLIENT_ID         (CF-16, 31-2, 31-3) the whole packet parsed;
 *                              return code 0x02.
 *    any other, level 5        a 5.0 CONNACK with mqw_reason_code's reason
 *                              (0x81, 0x82, 0x90 ...), then close.
 *    any other, 3.x            close ([MQTT-4.8.0-1]: no code for it).
 *  There is no `version` argument: the fixed header is framed with the rules
 *  every version shares for CONNECT, then checked against the version's own
 *  (FH-1, 31-14, and RL-2 for 5.0) once the level is known.
 *  @param out  on MQW_OK every field; views into `buf`. After an error:
 *              untouched when the packet was not framed (MQW_ERR_ARG,
 *              MQW_ERR_NEED_MORE and the framing errors: MQW_ERR_PACKET_TYPE,
 *              MQW_ERR_VARINT RL-1 and RL-2 under the shared rules,
 *              MQW_ERR_TOO_LARGE, MQW_ERR_DIRECTION); otherwise zeroed and
 *              filled in wire order up to the error: each field before the
 *              offending one holds what was read, the offending one holds
 *              its bytes when they were there (a Client Identifier that is
 *              not UTF-8, Connect Flags that break a rule) and is 0 / empty
 *              when they were not, and every field after it is 0 / empty
 *              (views NULL and 0). So protocol_name is set once it fits, and
 *              version (the level byte without bit 7) and bridge as soon as
 *              the level byte is read: after every error from there on
 *              (CN-1..CN-6, FH-1, RL-2 on 5.0 and all later ones) version is
 *              the level the client sent, and it is 0 only after framing
 *              errors and MQW_ERR_SHORT at CN-5. With MQW_ERR_CLIENT_ID all
 *              of `out` and `*used` are set. On 3.1 a User Name or Password
 *              flag with nothing left in the Remaining Length reads as absent
 *              (31-5, 31-6).
 *  @return MQW_OK; MQW_ERR_NEED_MORE; a framing error (but MQW_ERR_ARG only for
 *          buf NULL with len > 0; MQW_ERR_DIRECTION when lim->role is
 *          MQW_ROLE_CLIENT); a property error (5.0, CONNECT and Will blocks:
 *          CF-18, CF-19, CF-23, PR-10, PR-19, PR-20, PR-26..PR-28, PUB-12,
 *          PUB-13); or
 *          - MQW_ERR_ARG: `out` is NULL (checked before anything else).
 *          - MQW_ERR_SHORT: no room for the protocol name or level (CN-5), the
 *            Connect Flags or Keep Alive (RL-8), the Client Identifier
 *            (CF-13), the Will Topic or Payload (CF-5), the User Name (CF-7)
 *            or the Password (CF-9).
 *          - MQW_ERR_PROTOCOL_NAME: not "MQTT" or "MQIsdp" (CN-1).
 *          - MQW_ERR_PROTOCOL_VERSION: "MQTT" with level 3 (CN-2) or with a
 *            level other than 4 and 5 (CN-3), "MQIsdp" with a level other
 *            than 3 (CN-4), level bit 7 without MQW_ALLOW_BRIDGE or with
 *            level 5 (CN-6).
 *          - MQW_ERR_FLAGS: flag nibble not 0000 (FH-1); on 3.1 only with
 *            MQW_STRICT_V31 (31-14).
 *          - MQW_ERR_VARINT: 5.0 with a padded Remaining Length that
 *            MQW_LENIENT_VARINT let through the framing (RL-2).
 *          - MQW_ERR_RESERVED: Connect Flags bit 0 (CF-1); on 3.1 only with
 *            MQW_STRICT_V31 (31-4).
 *          - MQW_ERR_CONNECT_FLAGS: Will QoS (CF-2) or Will Retain (CF-3)
 *            without the Will Flag (3.1: only with MQW_STRICT_V31, 31-4);
 *            Password without User Name before 5.0 (CF-11, 31-7).
 *          - MQW_ERR_QOS: Will Flag with Will QoS 3 (CF-4).
 *          - MQW_ERR_UTF8: Client Identifier (STR-11), Will Topic (STR-12) or
 *            User Name (STR-13) not a valid MQTT UTF-8 string.
 *          - MQW_ERR_TOPIC_NAME: Will Topic empty (CF-21) or with a wildcard
 *            (CF-20), unless MQW_LENIENT_WILL_TOPIC.
 *          - MQW_ERR_TRAILING: bytes after the last field the flags select
 *            (TB-1; CF-6, CF-8, CF-10).
 *          - MQW_ERR_CLIENT_ID: 3.1.1 empty identifier with Clean Session 0
 *            (CF-16); 3.1 empty (31-3) or longer than 23 bytes (31-2). */
MQW_API int mqw_connect_parse(const uint8_t *buf, size_t len, mqw_connect *out,
                              const mqw_limits *lim, mqw_diag *diag, size_t *used);
/** Build a CONNECT for in->version. The protocol name is written from the
 *  version; the flags from the fields.
 *  @param in  in->version selects the layout (there is no `version`
 *             argument); in->protocol_name is ignored; in->bridge writes the
 *             level with bit 7 (needs MQW_ALLOW_BRIDGE, not on 5.0). Will
 *             fields are written only with in->will, the User Name only with
 *             in->has_username, the Password only with in->has_password.
 *  @return MQW_OK; a common builder error (MQW_ERR_ARG: `in` NULL or
 *          in->version unknown); a property builder error (5.0: props and,
 *          with a Will, will_props; never trimmed); or
 *          - MQW_ERR_ARG: in->bridge without MQW_ALLOW_BRIDGE or on 5.0
 *            (CN-6); will_topic, will_payload or will_props without in->will
 *            (CF-6); username bytes without has_username (CF-8); password
 *            bytes without has_password (CF-10); a view over 65,535 bytes or
 *            NULL with a length (STR-10).
 *          - MQW_ERR_DIRECTION: lim->role is MQW_ROLE_SERVER (FH-20).
 *          - MQW_ERR_QOS: in->will with will_qos > 2 (CF-4).
 *          - MQW_ERR_CONNECT_FLAGS: will_qos (CF-2) or will_retain (CF-3)
 *            without in->will (3.1: 31-4); has_password without has_username
 *            before 5.0 (CF-11, 31-7).
 *          - MQW_ERR_UTF8: client_id (STR-11), will_topic (STR-12) or username
 *            (STR-13) not a valid MQTT UTF-8 string.
 *          - MQW_ERR_TOPIC_NAME: with in->will, will_topic empty (CF-21) or
 *            with a wildcard (CF-20), whatever MQW_LENIENT_WILL_TOPIC says.
 *          - MQW_ERR_CLIENT_ID: 3.1.1 empty client_id without clean_start
 *            (CF-16); 3.1 empty (31-3) or longer than 23 bytes (31-2). */
MQW_API int mqw_connect_build(uint8_t *buf, size_t cap, const mqw_connect *in,
                              const mqw_limits *lim, mqw_diag *diag, size_t *len);

/** CONNACK: the server's answer to a CONNECT. */
typedef struct mqw_connack {
    bool session_present; /**< always false on 3.1 (31-9) */
    uint8_t code;         /**< 3.x return code / 5.0 reason code */
    mqw_props props;      /**< 5.0 */
} mqw_connack;

/** Parse a CONNACK for `version`.
 *  @param out  session_present (always false on 3.1, whose first byte is
 *              ignored: 31-9), code (3.x return code, 6..255 passed through
 *              unless MQW_STRICT_CONNACK_CODE; 5.0 reason code) and props
 *              (5.0; a view into `buf`).
 *  @return MQW_OK; MQW_ERR_NEED_MORE; a framing error (MQW_ERR_DIRECTION when
 *          lim->role is MQW_ROLE_SERVER); a property error (5.0: CA-5, PR-11,
 *          PR-19, PR-20, PR-23..PR-25); or
 *          - MQW_ERR_ARG: `out` is NULL (checked before anything else).
 *          - MQW_ERR_SHORT: no room for the flags and the code (CA-6).
 *          - MQW_ERR_RESERVED: flag bits 7-1 set (CA-1); on 3.1 a non-zero
 *            first byte, only with MQW_STRICT_V31 (31-9).
 *          - MQW_ERR_SESSION_PRESENT: 3.1.1 and 5.0, Session Present with a
 *            non-zero code (CA-2), unless MQW_LENIENT_SESSION.
 *          - MQW_ERR_REASON_CODE: 5.0, not a CONNACK reason code (CA-4); 3.x,
 *            a code above 5 with MQW_STRICT_CONNACK_CODE (CA-3).
 *          - MQW_ERR_TRAILING: bytes after the code (3.x, TB-2) or after the
 *            properties (5.0, TB-3). */
MQW_API int mqw_connack_parse(const uint8_t *buf, size_t len, mqw_connack *out, int version,
                              const mqw_limits *lim, mqw_diag *diag, size_t *used);
/** Build a CONNACK for `version`. Trimmable (5.0).
 *  @param in  session_present, code, props (5.0 only).
 *  @return MQW_OK; a common builder error; a property builder error (5.0:
 *          PR-11, PR-19, PR-20, PR-23..PR-25); or
 *          - MQW_ERR_ARG: session_present on 3.1 (31-9); a non-empty props
 *            before 5.0 (31-16).
 *          - MQW_ERR_DIRECTION: lim->role is MQW_ROLE_CLIENT (FH-20).
 *          - MQW_ERR_SESSION_PRESENT: session_present with a non-zero code
 *            (CA-2), whatever MQW_LENIENT_SESSION says.
 *          - MQW_ERR_REASON_CODE: 5.0, not a CONNACK reason code (CA-4); 3.x,
 *            a code above 5 (CA-3), whatever MQW_STRICT_CONNACK_CODE says. */
MQW_API int mqw_connack_build(uint8_t *buf, size_t cap, const mqw_connack *in, int version,
                              const mqw_limits *lim, mqw_diag *diag, size_t *len);

/** The CONNACK that answers a CONNECT that mqw_connect_parse (or mqw_parse)
 *  refused, or none: the table at mqw_connect_parse. A server sends it with
 *  mqw_connack_build(buf, cap, out, *version, ...) and then closes the
 *  connection; with false it closes without a CONNACK. A level no build can
 *  speak (6, 2, ...) gets the 3.1.1 form, return code 0x01, which a 3.1
 *  client reads the same ([MQTT-3.1.2-2]); level 5 in a build without 5.0
 *  too. 5.0 lets a server close without a CONNACK as well (4.13).
 *  @param err      what the parser returned.
 *  @param in       not NULL: the mqw_connect the parser filled (its version
 *                  is read).
 *  @param out      not NULL. On true: code set, session_present false, no
 *                  properties; untouched on false.
 *  @param version  not NULL. On true: the version to build the CONNACK for
 *                  (MQW_V31, MQW_V311 or MQW_V5); untouched on false.
 *  @return true when a CONNACK is the answer; false for MQW_OK and
 *          MQW_ERR_NEED_MORE (nothing refused), an error before the level
 *          byte was read (in->version 0: framing errors, CN-5), an unknown
 *          protocol name (MQW_ERR_PROTOCOL_NAME, CN-1: close), a 3.x CONNECT
 *          refused for anything but its level or Client Identifier, and any
 *          code that is not a parse verdict (MQW_ERR_ARG ...). */
MQW_API bool mqw_connack_refusal(int err, const mqw_connect *in, mqw_connack *out, int *version);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup publish PUBLISH and its acknowledgements (lib/publish.c)
 * @{ */

/** PUBLISH: an application message, in either direction. */
typedef struct mqw_publish {
    uint8_t qos;        /**< 0, 1, 2 */
    bool dup;           /**< DUP: a resend of an earlier attempt (QoS > 0 only, FH-18) */
    bool retain;        /**< RETAIN */
    uint16_t packet_id; /**< QoS > 0 only; 0 otherwise */
    mqw_bytes topic;    /**< Topic Name; empty only on 5.0 with a Topic Alias */
    mqw_props props;    /**< 5.0 */
    mqw_bytes payload;  /**< the message, possibly empty; the rest of the packet */
} mqw_publish;

/** Parse a PUBLISH for `version`. The payload is the rest of the Remaining
 *  Length, possibly empty, so there are never trailing bytes (TB-12).
 *  @param out  qos, dup (cleared when MQW_LENIENT_DUP_QOS0 let a QoS 0 DUP
 *              through), retain, packet_id (0 on QoS 0), and views into
 *              `buf`: topic (empty only on 5.0, with a Topic Alias), props
 *              (5.0) and payload.
 *  @return MQW_OK; MQW_ERR_NEED_MORE; a framing error (for a PUBLISH:
 *          MQW_ERR_QOS FH-17, MQW_ERR_FLAGS FH-18); a property error (5.0:
 *          PUB-7, PUB-8, PUB-10, PUB-12, PUB-13, PR-12, PR-22, PR-27); or
 *          - MQW_ERR_ARG: `out` is NULL (checked before anything else).
 *          - MQW_ERR_SHORT: no room for the Topic Name (PUB-1) or, with QoS >
 *            0, the Packet Identifier (PID-7).
 *          - MQW_ERR_UTF8: the Topic Name is not a valid MQTT UTF-8 string
 *            (STR-1..STR-6; STR-8 with MQW_STRICT_UTF8).
 *          - MQW_ERR_TOPIC_NAME: the Topic Name holds '+' (PUB-2) or '#'
 *            (PUB-3), or is empty before 5.0 (PUB-4).
 *          - MQW_ERR_PACKET_ID: QoS > 0 with Packet Identifier 0 (PID-1).
 *          - MQW_ERR_PROTOCOL: 5.0, empty Topic Name without a Topic Alias
 *            (PUB-5).
 *          - MQW_ERR_PAYLOAD_UTF8: 5.0 with MQW_STRICT_PAYLOAD_UTF8, Payload
 *            Format Indicator 1 and a payload that is not UTF-8 (C-13; U+0000
 *            is allowed in a payload). */
MQW_API int mqw_publish_parse(const uint8_t *buf, size_t len, mqw_publish *out, int version,
                              const mqw_limits *lim, mqw_diag *diag, size_t *used);
/** Build a PUBLISH for `version`. The payload is copied after the header.
 *  PUBLISH goes both ways, so lim->role refuses it only through its
 *  properties (PUB-10). Never trimmed (its User Properties belong to the
 *  application message).
 *  @param in  qos, dup, retain, packet_id (QoS > 0 only), topic, props (5.0),
 *             payload.
 *  @return MQW_OK; a common builder error (MQW_ERR_TOO_LARGE also for a
 *          payload over 268,435,455 bytes, RL-1); a property builder error
 *          (5.0: PUB-7, PUB-10, PUB-12, PUB-13, PR-12, PR-22, PR-27); or
 *          - MQW_ERR_ARG: packet_id set on QoS 0 (PID-4); topic over 65,535
 *            bytes (STR-10) or NULL with a length; payload NULL with a length;
 *            a non-empty props before 5.0 (31-16).
 *          - MQW_ERR_QOS: qos > 2 (FH-17).
 *          - MQW_ERR_FLAGS: dup with QoS 0 (FH-18), whatever
 *            MQW_LENIENT_DUP_QOS0 says.
 *          - MQW_ERR_PACKET_ID: QoS > 0 with packet_id 0 (PID-1).
 *          - MQW_ERR_UTF8: topic not a valid MQTT UTF-8 string (STR-1..STR-6;
 *            STR-8 with MQW_STRICT_UTF8).
 *          - MQW_ERR_TOPIC_NAME: topic holds '+' (PUB-2) or '#' (PUB-3), or is
 *            empty before 5.0 (PUB-4).
 *          - MQW_ERR_PROTOCOL: 5.0, empty topic without a Topic Alias (PUB-5).
 *          - MQW_ERR_PAYLOAD_UTF8: with MQW_STRICT_PAYLOAD_UTF8, Payload Format
 *            Indicator 1 and a payload that is not UTF-8 (C-13). */
MQW_API int mqw_publish_build(uint8_t *buf, size_t cap, const mqw_publish *in, int version,
                              const mqw_limits *lim, mqw_diag *diag, size_t *len);
/** Like mqw_publish_build but writes only the bytes before the payload; the
 *  Remaining Length still counts in->payload.len, so header + payload sent
 *  back to back (writev) form the packet. in->payload.ptr may be NULL.
 *  `*len` and the MQW_ERR_NOSPACE test count the header only;
 *  lim->max_packet_size is checked against the whole packet. With
 *  in->payload.ptr NULL the MQW_STRICT_PAYLOAD_UTF8 check is skipped (it is
 *  the caller's, since the payload is not here).
 *  @return as mqw_publish_build, except that a NULL payload with a length is
 *          not MQW_ERR_ARG. */
MQW_API int mqw_publish_build_header(uint8_t *buf, size_t cap, const mqw_publish *in, int version,
                                     const mqw_limits *lim, mqw_diag *diag, size_t *len);

/** PUBACK, PUBREC, PUBREL, PUBCOMP. */
typedef struct mqw_ack {
    uint8_t type;       /**< MQW_PUBACK, MQW_PUBREC, MQW_PUBREL or MQW_PUBCOMP */
    bool dup;           /**< 3.1 PUBREL only (31-12) */
    uint16_t packet_id; /**< the PUBLISH's Packet Identifier, not 0 */
    uint8_t code;       /**< 5.0 reason code (0 when absent) */
    mqw_props props;    /**< 5.0 */
} mqw_ack;

/** Parse any of the four acks; out->type says which.
 *  @param out  type, dup (3.1 PUBREL only, 31-12), packet_id, and on 5.0 code
 *              (0 when absent: ACK-2) and props (a view into `buf`).
 *  @return MQW_OK; MQW_ERR_NEED_MORE; a framing error (MQW_ERR_PACKET_TYPE for
 *          any first byte that is not one of the four acks); a property
 *          error (5.0: ACK-6); or
 *          - MQW_ERR_ARG: `out` is NULL (checked before anything else).
 *          - MQW_ERR_SHORT: no room for the Packet Identifier (ACK-1).
 *          - MQW_ERR_PACKET_ID: Packet Identifier 0 (PID-5), unless
 *            MQW_LENIENT_ACK_ID.
 *          - MQW_ERR_REASON_CODE: 5.0, a code the ack type does not allow
 *            (RC-1..RC-4).
 *          - MQW_ERR_TRAILING: 3.x, Remaining Length above 2 (TB-4); 5.0,
 *            bytes after the properties (TB-5). */
MQW_API int mqw_ack_parse(const uint8_t *buf, size_t len, mqw_ack *out, int version,
                          const mqw_limits *lim, mqw_diag *diag, size_t *used);
/** Build the ack in->type, in its shortest legal form (C-15). The acks go
 *  both ways, so lim->role never refuses them. Trimmable (5.0).
 *  @param in  type (MQW_PUBACK .. MQW_PUBCOMP), dup (3.1 PUBREL only),
 *             packet_id, and on 5.0 code and props.
 *  @return MQW_OK; a common builder error; a property builder error (5.0:
 *          ACK-6); or
 *          - MQW_ERR_ARG: in->type not an ack; dup other than on a 3.1 PUBREL
 *            (31-12); before 5.0 a non-zero code or non-empty props (3.1:
 *            31-16).
 *          - MQW_ERR_PACKET_ID: packet_id 0 (PID-5), whatever
 *            MQW_LENIENT_ACK_ID says.
 *          - MQW_ERR_REASON_CODE: 5.0, a code the ack type does not allow
 *            (RC-1..RC-4). */
MQW_API int mqw_ack_build(uint8_t *buf, size_t cap, const mqw_ack *in, int version,
                          const mqw_limits *lim, mqw_diag *diag, size_t *len);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup subscribe SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK (lib/subscribe.c)
 * @{ */

/** One Topic Filter with its options (SUBSCRIBE) or alone (UNSUBSCRIBE). */
typedef struct mqw_subscription {
    mqw_bytes filter;         /**< Topic Filter; after a parse a view into `buf` */
    uint8_t qos;              /**< requested / maximum QoS */
    bool no_local;            /**< 5.0 */
    bool retain_as_published; /**< 5.0 */
    uint8_t retain_handling;  /**< 5.0: 0, 1, 2 */
    /** Parse: MQW_OK, or MQW_ERR_TOPIC_FILTER when this filter breaks the
     *  filter syntax, which only a parse with MQW_LENIENT_FILTERS lets
     *  through (C-10: answer 0x80 / 0x8F for it). Ignored by builders. */
    int status;
} mqw_subscription;

/** SUBSCRIBE: a client's Topic Filters, each with its options. */
typedef struct mqw_subscribe {
    uint16_t packet_id; /**< not 0 (PID-2) */
    bool dup;           /**< 3.1 only (31-12) */
    mqw_props props;    /**< 5.0 */
    /** Parse: NULL. Build: the `n` subscriptions to write. */
    const mqw_subscription *subs;
    /** Parse: view of the validated list (iterate it with mqw_subscribe_iter).
     *  Build: used when `subs` is NULL, validated and copied. */
    mqw_bytes list;
    size_t n; /**< number of subscriptions */
    /** Parse: how many entries have status MQW_ERR_TOPIC_FILTER; 0 unless
     *  MQW_LENIENT_FILTERS. Ignored by builders. */
    size_t n_bad;
} mqw_subscribe;

/** Parse a SUBSCRIBE for `version`. A filter that breaks the filter syntax
 *  is an error ([MQTT-4.7.1-2], [MQTT-4.7.1-3], [MQTT-4.7.3-1]); with
 *  MQW_LENIENT_FILTERS the packet parses instead, out->n_bad counts such
 *  filters and mqw_subscribe_next flags each in its `status` (C-10).
 *  @param out  packet_id, dup (3.1 only, 31-12), props (5.0), list (a view
 *              into `buf` of the validated entries), n (>= 1, or 0 on a 3.1
 *              SUBSCRIBE without entries, 31-15), n_bad, subs NULL. Written
 *              only on MQW_OK.
 *  @return MQW_OK; MQW_ERR_NEED_MORE; a framing error (MQW_ERR_DIRECTION when
 *          lim->role is MQW_ROLE_CLIENT); a property error (5.0: SUB-11,
 *          PR-7, PR-8, PR-9, PR-13, PR-22); or
 *          - MQW_ERR_ARG: `out` is NULL (checked before anything else).
 *          - MQW_ERR_SHORT: no room for the Packet Identifier (RL-8); a filter
 *            length running past the end (RL-5) or a 1-byte fragment (TB-6);
 *            a filter without its options byte (SUB-3).
 *          - MQW_ERR_PACKET_ID: Packet Identifier 0 (PID-2).
 *          - MQW_ERR_EMPTY: no entry (SUB-1, SUB-2); on 3.1 only with
 *            MQW_STRICT_V31 (31-15).
 *          - MQW_ERR_UTF8: a filter is not a valid MQTT UTF-8 string (STR-14).
 *          - MQW_ERR_TOPIC_FILTER: a filter breaks the syntax (TF-1, TF-2,
 *            TF-4, TF-5, TF-7; 5.0: TF-9..TF-13), unless
 *            MQW_LENIENT_FILTERS; diag->offset is the offending byte (the
 *            filter's length for an empty one). mqw_reason_code gives 0x8F
 *            for it.
 *          - MQW_ERR_RESERVED: 3.x, options bits 7-2 set (SUB-4); 5.0, bits
 *            7-6 set (SUB-8).
 *          - MQW_ERR_QOS: 3.x, requested QoS 3 (SUB-5).
 *          - MQW_ERR_SUB_OPTIONS: 5.0, Maximum QoS 3 (SUB-6), Retain Handling
 *            3 (SUB-7), No Local on a shared filter (SUB-9). */
MQW_API int mqw_subscribe_parse(const uint8_t *buf, size_t len, mqw_subscribe *out, int version,
                                const mqw_limits *lim, mqw_diag *diag, size_t *used);
/** Build a SUBSCRIBE for `version`. Properties are never trimmed.
 *  @param in  packet_id, dup (3.1 only), props (5.0), and the entries: the
 *             `n` elements of `subs` when it is not NULL (filter and options
 *             of each; `status` ignored), otherwise the bytes of `list`
 *             (entries in wire form, validated as a parser does without
 *             MQW_LENIENT_FILTERS, and copied); n_bad is ignored.
 *  @return MQW_OK; a common builder error; a property builder error (5.0:
 *          PR-7, PR-9, PR-13, PR-22); or
 *          - MQW_ERR_ARG: dup other than on 3.1 (31-12); a non-empty props
 *            before 5.0 (31-16); a filter over 65,535 bytes or NULL with a
 *            length; `subs` NULL and list.ptr NULL with a length.
 *          - MQW_ERR_DIRECTION: lim->role is MQW_ROLE_SERVER (FH-20).
 *          - MQW_ERR_PACKET_ID: packet_id 0 (PID-2).
 *          - MQW_ERR_EMPTY: no entry: n == 0 with `subs`, list.len == 0
 *            without (SUB-1; on 3.1 too).
 *          - MQW_ERR_SHORT: `list` only, an entry running past its end (RL-5,
 *            TB-6, SUB-3).
 *          - MQW_ERR_UTF8: a filter is not a valid MQTT UTF-8 string (STR-14).
 *          - MQW_ERR_TOPIC_FILTER: a filter breaks the syntax (TF-1, TF-2,
 *            TF-4, TF-5, TF-7; 5.0: TF-9..TF-13), whatever the parse flags.
 *          - MQW_ERR_RESERVED: 3.x, a 5.0 option set (no_local,
 *            retain_as_published, retain_handling) or, from `list`, bits 7-2
 *            (SUB-4); 5.0 from `list`, bits 7-6 (SUB-8).
 *          - MQW_ERR_QOS: 3.x, qos > 2 (SUB-5).
 *          - MQW_ERR_SUB_OPTIONS: 5.0, qos > 2 (SUB-6), retain_handling > 2
 *            (SUB-7), no_local on a shared filter (SUB-9). */
MQW_API int mqw_subscribe_build(uint8_t *buf, size_t cap, const mqw_subscribe *in, int version,
                                const mqw_limits *lim, mqw_diag *diag, size_t *len);
/** Iterate a parsed SUBSCRIBE's list (`version` as given to the parser).
 *  @param it       the caller's iterator, not NULL; overwritten. It points
 *                  into the parsed buffer and is usable while `buf` is.
 *  @param sub      not NULL; sub->list from a successful mqw_subscribe_parse.
 *  @param version  decides whether the 5.0 option bits are decoded and which
 *                  filter syntax the per-entry status uses. Only a list
 *                  with sub->n_bad > 0 has its filters judged again. */
MQW_API void mqw_subscribe_iter(mqw_iter *it, const mqw_subscribe *sub, int version);
/** Next entry of the list into *out.
 *  @param it   from mqw_subscribe_iter, not NULL.
 *  @param out  not NULL. On true: filter (a view into `buf`, valid while
 *              `buf` is), qos, and on 5.0 no_local, retain_as_published,
 *              retain_handling (0 before 5.0); status MQW_OK or, after a
 *              parse with MQW_LENIENT_FILTERS, MQW_ERR_TOPIC_FILTER when the
 *              filter breaks the syntax (C-10: answer 0x80 / 0x8F for it).
 *              Untouched on false.
 *  @return true with an entry, false at the end of the list (for a list that
 *          did not come from a parse, also at an entry that does not fit). */
MQW_API bool mqw_subscribe_next(mqw_iter *it, mqw_subscription *out);

/** SUBACK: the server's answer to a SUBSCRIBE, one code per filter. */
typedef struct mqw_suback {
    uint16_t packet_id; /**< the SUBSCRIBE's Packet Identifier */
    mqw_props props;    /**< 5.0 */
    /** One return/reason code per filter. Parse: view into the packet;
     *  build: the caller's array. */
    mqw_bytes codes;
} mqw_suback;

/** Parse a SUBACK for `version`. The codes take the rest of the packet, so
 *  there are never trailing bytes (TB-12).
 *  @param out  packet_id, props (5.0) and codes (a view into `buf`, one byte
 *              per filter). Written only on MQW_OK.
 *  @return MQW_OK; MQW_ERR_NEED_MORE; a framing error (MQW_ERR_DIRECTION when
 *          lim->role is MQW_ROLE_SERVER); a property error (5.0: RL-7 when
 *          the Property Length is missing, PR-14); or
 *          - MQW_ERR_ARG: `out` is NULL (checked before anything else).
 *          - MQW_ERR_SHORT: no room for the Packet Identifier (RL-8).
 *          - MQW_ERR_PACKET_ID: Packet Identifier 0 (PID-6), unless
 *            MQW_LENIENT_ACK_ID.
 *          - MQW_ERR_EMPTY: no code (SA-1; 5.0: SA-4).
 *          - MQW_ERR_REASON_CODE: 3.x, a code other than 0, 1, 2, 0x80 (SA-2);
 *            3.1, 0x80 unless MQW_LENIENT_V31 (31-10); 5.0, not a SUBACK
 *            reason code (SA-3). */
MQW_API int mqw_suback_parse(const uint8_t *buf, size_t len, mqw_suback *out, int version,
                             const mqw_limits *lim, mqw_diag *diag, size_t *used);
/** Build a SUBACK for `version`. Trimmable (5.0).
 *  @param in  packet_id, props (5.0), codes (the caller's array, >= 1 byte).
 *  @return MQW_OK; a common builder error; a property builder error (5.0:
 *          PR-14); or
 *          - MQW_ERR_ARG: a non-empty props before 5.0 (31-16); codes.ptr NULL
 *            with a length.
 *          - MQW_ERR_DIRECTION: lim->role is MQW_ROLE_CLIENT (FH-20).
 *          - MQW_ERR_PACKET_ID: packet_id 0 (PID-6).
 *          - MQW_ERR_EMPTY: no code (SA-1).
 *          - MQW_ERR_REASON_CODE: 3.x, a code other than 0, 1, 2, 0x80 (SA-2);
 *            3.1, 0x80 whatever MQW_LENIENT_V31 says (31-10); 5.0, not a
 *            SUBACK reason code (SA-3). */
MQW_API int mqw_suback_build(uint8_t *buf, size_t cap, const mqw_suback *in, int version,
                             const mqw_limits *lim, mqw_diag *diag, size_t *len);

/** UNSUBSCRIBE: a client's Topic Filters to remove. */
typedef struct mqw_unsubscribe {
    uint16_t packet_id;       /**< not 0 (PID-3) */
    bool dup;                 /**< 3.1 only */
    mqw_props props;          /**< 5.0 */
    const mqw_bytes *filters; /**< build: the `n` filters; parse: NULL */
    mqw_bytes list;           /**< as mqw_subscribe.list */
    size_t n;                 /**< number of filters */
    size_t n_bad;             /**< as mqw_subscribe.n_bad */
} mqw_unsubscribe;

/** Parse an UNSUBSCRIBE for `version`. A filter that breaks the filter
 *  syntax is an error (TF-16, [MQTT-4.7.3-1]); with MQW_LENIENT_FILTERS the
 *  packet parses instead, out->n_bad counts such filters and
 *  mqw_unsubscribe_next flags each in its `status` (C-10).
 *  @param out  packet_id, dup (3.1 only), props (5.0), list (a view into
 *              `buf`), n (>= 1, or 0 on a 3.1 UNSUBSCRIBE without filters,
 *              31-15), n_bad, filters NULL. Written only on MQW_OK.
 *  @return MQW_OK; MQW_ERR_NEED_MORE; a framing error (MQW_ERR_DIRECTION when
 *          lim->role is MQW_ROLE_CLIENT); a property error (5.0: US-6,
 *          PR-15); or
 *          - MQW_ERR_ARG: `out` is NULL (checked before anything else).
 *          - MQW_ERR_SHORT: no room for the Packet Identifier (RL-8); a filter
 *            length running past the end (RL-5) or a 1-byte fragment (US-3).
 *          - MQW_ERR_PACKET_ID: Packet Identifier 0 (PID-3).
 *          - MQW_ERR_EMPTY: no filter (US-1, US-2); on 3.1 only with
 *            MQW_STRICT_V31 (31-15).
 *          - MQW_ERR_UTF8: a filter is not a valid MQTT UTF-8 string (STR-14).
 *          - MQW_ERR_TOPIC_FILTER: a filter breaks the syntax (TF-16: TF-1,
 *            TF-2, TF-4, TF-5, TF-7; 5.0: TF-9..TF-13), unless
 *            MQW_LENIENT_FILTERS; diag->offset as for SUBSCRIBE. */
MQW_API int mqw_unsubscribe_parse(const uint8_t *buf, size_t len, mqw_unsubscribe *out, int version,
                                  const mqw_limits *lim, mqw_diag *diag, size_t *used);
/** Build an UNSUBSCRIBE for `version`. Properties are never trimmed.
 *  @param in  packet_id, dup (3.1 only), props (5.0), and the filters: the
 *             `n` views of `filters` when it is not NULL, otherwise the bytes
 *             of `list` (filters in wire form, validated as a parser does
 *             without MQW_LENIENT_FILTERS, and copied); n_bad is ignored.
 *  @return MQW_OK; a common builder error; a property builder error (5.0:
 *          PR-15); or
 *          - MQW_ERR_ARG: dup other than on 3.1 (31-12); a non-empty props
 *            before 5.0 (31-16); a filter over 65,535 bytes or NULL with a
 *            length; `filters` NULL and list.ptr NULL with a length.
 *          - MQW_ERR_DIRECTION: lim->role is MQW_ROLE_SERVER (FH-20).
 *          - MQW_ERR_PACKET_ID: packet_id 0 (PID-3).
 *          - MQW_ERR_EMPTY: no filter: n == 0 with `filters`, list.len == 0
 *            without (US-1; on 3.1 too).
 *          - MQW_ERR_SHORT: `list` only, a filter running past its end (RL-5,
 *            US-3).
 *          - MQW_ERR_UTF8: a filter is not a valid MQTT UTF-8 string (STR-14).
 *          - MQW_ERR_TOPIC_FILTER: a filter breaks the syntax (TF-1, TF-2,
 *            TF-4, TF-5, TF-7; 5.0: TF-9..TF-13), whatever the parse flags. */
MQW_API int mqw_unsubscribe_build(uint8_t *buf, size_t cap, const mqw_unsubscribe *in, int version,
                                  const mqw_limits *lim, mqw_diag *diag, size_t *len);
/** Iterate a parsed UNSUBSCRIBE's filters; options in *out are 0.
 *  @param it       the caller's iterator, not NULL; overwritten. It points
 *                  into the parsed buffer and is usable while `buf` is.
 *  @param unsub    not NULL; unsub->list from a successful
 *                  mqw_unsubscribe_parse.
 *  @param version  as given to the parser (decides the filter syntax of the
 *                  per-entry status; only with unsub->n_bad > 0). */
MQW_API void mqw_unsubscribe_iter(mqw_iter *it, const mqw_unsubscribe *unsub, int version);
/** Next filter of the list into *out.
 *  @param it   from mqw_unsubscribe_iter, not NULL.
 *  @param out  not NULL. On true: filter (a view into `buf`, valid while
 *              `buf` is), options 0, status MQW_OK or, after a parse with
 *              MQW_LENIENT_FILTERS, MQW_ERR_TOPIC_FILTER (C-10: answer 0x8F
 *              for it on 5.0). Untouched on false.
 *  @return true with a filter, false at the end of the list (for a list that
 *          did not come from a parse, also at a filter that does not fit). */
MQW_API bool mqw_unsubscribe_next(mqw_iter *it, mqw_subscription *out);

/** UNSUBACK: the server's answer to an UNSUBSCRIBE. */
typedef struct mqw_unsuback {
    uint16_t packet_id; /**< the UNSUBSCRIBE's Packet Identifier */
    mqw_props props;    /**< 5.0 */
    mqw_bytes codes;    /**< 5.0: one reason code per filter; empty on 3.x */
} mqw_unsuback;

/** Parse an UNSUBACK for `version`: the Packet Identifier alone on 3.x; on
 *  5.0 also properties and one reason code per filter, which take the rest
 *  of the packet.
 *  @param out  packet_id, props (5.0) and codes (5.0: a view into `buf`;
 *              empty on 3.x). Written only on MQW_OK.
 *  @return MQW_OK; MQW_ERR_NEED_MORE; a framing error (MQW_ERR_DIRECTION when
 *          lim->role is MQW_ROLE_SERVER); a property error (5.0: RL-7 when
 *          the Property Length is missing, PR-16); or
 *          - MQW_ERR_ARG: `out` is NULL (checked before anything else).
 *          - MQW_ERR_SHORT: no room for the Packet Identifier (RL-8).
 *          - MQW_ERR_PACKET_ID: Packet Identifier 0 (PID-6), unless
 *            MQW_LENIENT_ACK_ID.
 *          - MQW_ERR_TRAILING: 3.x, Remaining Length above 2 (TB-7).
 *          - MQW_ERR_EMPTY: 5.0, no reason code (US-5).
 *          - MQW_ERR_REASON_CODE: 5.0, not an UNSUBACK reason code (US-4). */
MQW_API int mqw_unsuback_parse(const uint8_t *buf, size_t len, mqw_unsuback *out, int version,
                               const mqw_limits *lim, mqw_diag *diag, size_t *used);
/** Build an UNSUBACK for `version`. Trimmable (5.0).
 *  @param in  packet_id, and on 5.0 props and codes (the caller's array,
 *             >= 1 byte); codes must be empty before 5.0.
 *  @return MQW_OK; a common builder error; a property builder error (5.0:
 *          PR-16); or
 *          - MQW_ERR_ARG: before 5.0 a non-empty props (31-16) or any code
 *            (TB-7); codes.ptr NULL with a length.
 *          - MQW_ERR_DIRECTION: lim->role is MQW_ROLE_CLIENT (FH-20).
 *          - MQW_ERR_PACKET_ID: packet_id 0 (PID-6).
 *          - MQW_ERR_EMPTY: 5.0, no code (US-5).
 *          - MQW_ERR_REASON_CODE: 5.0, not an UNSUBACK reason code (US-4). */
MQW_API int mqw_unsuback_build(uint8_t *buf, size_t cap, const mqw_unsuback *in, int version,
                               const mqw_limits *lim, mqw_diag *diag, size_t *len);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup control PINGREQ, PINGRESP, DISCONNECT, AUTH (lib/control.c)
 * @{ */

/** DISCONNECT and AUTH share a layout: an optional reason code and
 *  optional properties (5.0); 3.x DISCONNECT is empty. */
typedef struct mqw_disconnect {
    uint8_t code;    /**< 5.0 reason code; 0 (Normal disconnection, Success) when absent */
    mqw_props props; /**< 5.0 */
} mqw_disconnect;
/** AUTH (5.0): a reason code and properties, laid out as a DISCONNECT. */
typedef mqw_disconnect mqw_auth;

/** Parse a DISCONNECT for `version`. On 5.0, RL 0 is Normal disconnection
 *  (PDA-1) and RL 1 a Reason Code without properties (PDA-2).
 *  @param out  code and props (5.0, a view into `buf`); all 0 on 3.x.
 *  @return MQW_OK; MQW_ERR_NEED_MORE; a framing error (MQW_ERR_DIRECTION before
 *          5.0 when lim->role is MQW_ROLE_CLIENT); a property error (5.0:
 *          PR-17, PDA-3); or
 *          - MQW_ERR_ARG: `out` is NULL (checked before anything else).
 *          - MQW_ERR_TRAILING: 3.x, Remaining Length above 0 (TB-10); 5.0,
 *            bytes after the properties (TB-11).
 *          - MQW_ERR_REASON_CODE: 5.0, not a DISCONNECT reason code (RC-5;
 *            0x8C is accepted, C-26).
 *          - MQW_ERR_DIRECTION: 5.0 with lim->role, a code the peer may not
 *            send (PDA-4), unless MQW_LENIENT_DIRECTION. */
MQW_API int mqw_disconnect_parse(const uint8_t *buf, size_t len, mqw_disconnect *out, int version,
                                 const mqw_limits *lim, mqw_diag *diag, size_t *used);
/** Build a DISCONNECT for `version`, on 5.0 in its shortest legal form
 *  (C-15: RL 0 for code 0 without properties, RL 1 for another code without
 *  them). Trimmable (5.0).
 *  @param in  code and props, both 5.0 only.
 *  @return MQW_OK; a common builder error; a property builder error (5.0:
 *          PR-17, PDA-3 when lim->role is MQW_ROLE_SERVER); or
 *          - MQW_ERR_ARG: before 5.0 a non-zero code, or props with n > 0 or
 *            raw.len > 0 (3.1: 31-16).
 *          - MQW_ERR_DIRECTION: before 5.0 when lim->role is MQW_ROLE_SERVER
 *            (FH-20); on 5.0 with lim->role a code the caller may not send
 *            (PDA-4), unless MQW_LENIENT_DIRECTION.
 *          - MQW_ERR_REASON_CODE: 5.0, not a DISCONNECT reason code, or 0x8C
 *            (RC-5, C-26). */
MQW_API int mqw_disconnect_build(uint8_t *buf, size_t cap, const mqw_disconnect *in, int version,
                                 const mqw_limits *lim, mqw_diag *diag, size_t *len);
/** AUTH exists only in 5.0: other versions give MQW_ERR_PACKET_TYPE.
 *  RL 0 is Success without properties (PDA-5); RL 1 reads as a Reason Code
 *  with Property Length 0 (C-16) unless MQW_STRICT_AUTH_LENGTH.
 *  @param out  code and props (a view into `buf`).
 *  @return MQW_OK; MQW_ERR_NEED_MORE; a framing error; a property error
 *          (PR-18); or
 *          - MQW_ERR_ARG: `out` is NULL (checked before anything else).
 *          - MQW_ERR_PACKET_TYPE: `version` is MQW_V31 or MQW_V311 (FH-16),
 *            whatever the bytes (checked right after `out`).
 *          - MQW_ERR_SHORT: RL 1 with MQW_STRICT_AUTH_LENGTH (PDA-6).
 *          - MQW_ERR_REASON_CODE: not an AUTH reason code (RC-6).
 *          - MQW_ERR_DIRECTION: with lim->role, a code the peer may not send
 *            (PDA-8; RL 0 counts as Success, a server's), unless
 *            MQW_LENIENT_DIRECTION.
 *          - MQW_ERR_TRAILING: bytes after the properties (TB-11).
 *          - MQW_ERR_AUTH_METHOD: RL above 0 without an Authentication Method
 *            (PDA-7). */
MQW_API int mqw_auth_parse(const uint8_t *buf, size_t len, mqw_auth *out, int version,
                           const mqw_limits *lim, mqw_diag *diag, size_t *used);
/** Build an AUTH (5.0 only): RL 0 for Success without properties (PDA-5),
 *  otherwise Reason Code and properties, never RL 1 (C-15, C-16). The
 *  packet goes both ways, so lim->role refuses it only by its code.
 *  Trimmable (the Authentication Method is never dropped).
 *  @param in  code and props.
 *  @return MQW_OK; a common builder error; a property builder error (PR-18);
 *          or
 *          - MQW_ERR_PACKET_TYPE: `version` is MQW_V31 or MQW_V311 (FH-16).
 *          - MQW_ERR_REASON_CODE: not an AUTH reason code (RC-6).
 *          - MQW_ERR_DIRECTION: with lim->role, a code the caller may not send
 *            (PDA-8), unless MQW_LENIENT_DIRECTION.
 *          - MQW_ERR_AUTH_METHOD: anything but Success without properties
 *            (props with n > 0 or raw.len > 0) and no Authentication Method
 *            among the properties (PDA-7). */
MQW_API int mqw_auth_build(uint8_t *buf, size_t cap, const mqw_auth *in, int version,
                           const mqw_limits *lim, mqw_diag *diag, size_t *len);
/** PINGREQ or PINGRESP (`type`): two fixed bytes. There is no `out`.
 *  @param type  MQW_PINGREQ or MQW_PINGRESP: the packet expected.
 *  @return MQW_OK; MQW_ERR_NEED_MORE; a framing error (MQW_ERR_DIRECTION for a
 *          PINGREQ when lim->role is MQW_ROLE_CLIENT, for a PINGRESP when it
 *          is MQW_ROLE_SERVER); or
 *          - MQW_ERR_ARG: `type` is neither (checked before anything else).
 *          - MQW_ERR_TRAILING: Remaining Length above 0 (TB-8, TB-9). */
MQW_API int mqw_ping_parse(const uint8_t *buf, size_t len, int type, int version,
                           const mqw_limits *lim, mqw_diag *diag, size_t *used);
/** Build a PINGREQ or PINGRESP: two fixed bytes. There is no `in`.
 *  @param type  MQW_PINGREQ or MQW_PINGRESP.
 *  @return MQW_OK; MQW_ERR_NOSPACE; MQW_ERR_TOO_LARGE (lim->max_packet_size
 *          below 2); or
 *          - MQW_ERR_ARG: `type` is neither, or `version` unknown.
 *          - MQW_ERR_DIRECTION: a PINGREQ with lim->role MQW_ROLE_SERVER, a
 *            PINGRESP with MQW_ROLE_CLIENT (FH-20). */
MQW_API int mqw_ping_build(uint8_t *buf, size_t cap, int type, int version, const mqw_limits *lim,
                           mqw_diag *diag, size_t *len);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup framing Framing and dispatch (lib/frame.c, lib/packet.c)
 * @{ */

/** What the fixed header at the start of a stream says (mqw_frame). */
typedef struct mqw_frame_info {
    uint8_t type;       /**< MQW_CONNECT .. MQW_AUTH */
    uint8_t flags;      /**< low nibble of the first byte */
    uint8_t header_len; /**< 2..5 */
    uint32_t remaining; /**< Remaining Length */
    size_t total_len;   /**< header_len + remaining */
} mqw_frame_info;

/** Read the fixed header of the packet at the start of a stream buffer.
 *  MQW_OK when the whole packet is in buf (total_len <= len);
 *  MQW_ERR_NEED_MORE with *used = the smallest total length that can hold
 *  it (out->total_len too once the header is complete). A bad first byte
 *  (FH-*), a bad Remaining Length (RL-1, RL-2) or a packet over
 *  lim->max_packet_size is rejected as soon as those bytes are present.
 *  The CONNECT flag nibble is checked by mqw_connect_parse, which knows the
 *  version.
 *  @param buf      the stream's next bytes (only read); NULL only with len 0.
 *  @param out      not NULL. Set on MQW_OK; on MQW_ERR_NEED_MORE and
 *                  MQW_ERR_TOO_LARGE once the Remaining Length is complete;
 *                  untouched otherwise.
 *  @param used     NULL, or on MQW_OK out->total_len, on MQW_ERR_NEED_MORE
 *                  the smallest total length that can hold the packet (2
 *                  when len is 0); untouched otherwise.
 *  @return MQW_OK; MQW_ERR_NEED_MORE; or exactly the framing errors:
 *          - MQW_ERR_ARG: `version` not MQW_V31, MQW_V311, MQW_V5 or
 *            MQW_V_UNKNOWN, `out` NULL, buf NULL with len > 0.
 *          - MQW_ERR_PACKET_TYPE: type 0 (FH-15), 15 before 5.0 (FH-16),
 *            any type but CONNECT with MQW_V_UNKNOWN (no row).
 *          - MQW_ERR_FLAGS: FH-2..FH-14, FH-18, 31-11, 31-13, 31-14 (see the
 *            framing errors at the top).
 *          - MQW_ERR_QOS: PUBLISH with QoS 3 (FH-17).
 *          - MQW_ERR_DIRECTION: with lim->role, a type the peer may not send
 *            (FH-20).
 *          - MQW_ERR_VARINT: Remaining Length over 4 bytes (RL-1) or not
 *            minimal (RL-2; 3.x accepts that with MQW_LENIENT_VARINT).
 *          - MQW_ERR_TOO_LARGE: over lim->max_packet_size. */
MQW_API int mqw_frame(const uint8_t *buf, size_t len, mqw_frame_info *out, int version,
                      const mqw_limits *lim, mqw_diag *diag, size_t *used);

/** Any packet. `type` selects the member of `u`; PINGREQ and PINGRESP use
 *  none. For the four acks u.ack.type is set by parse and ignored by build
 *  (type wins). */
typedef struct mqw_packet {
    uint8_t type; /**< MQW_CONNECT .. MQW_AUTH */
    /** The packet, in the member for `type`. */
    union {
        mqw_connect connect;         /**< MQW_CONNECT */
        mqw_connack connack;         /**< MQW_CONNACK */
        mqw_publish publish;         /**< MQW_PUBLISH */
        mqw_ack ack;                 /**< MQW_PUBACK, MQW_PUBREC, MQW_PUBREL, MQW_PUBCOMP */
        mqw_subscribe subscribe;     /**< MQW_SUBSCRIBE */
        mqw_suback suback;           /**< MQW_SUBACK */
        mqw_unsubscribe unsubscribe; /**< MQW_UNSUBSCRIBE */
        mqw_unsuback unsuback;       /**< MQW_UNSUBACK */
        mqw_disconnect disconnect;   /**< MQW_DISCONNECT */
        mqw_auth auth;               /**< MQW_AUTH */
    } u;
} mqw_packet;

/** Parse whichever packet starts at buf (for CONNECT `version` is only
 *  checked, and out->u.connect.version is the packet's; before the CONNECT
 *  pass MQW_V_UNKNOWN). Codes as per kind.
 *  @param out  not NULL. out->type is set from the first byte whenever there
 *              is one (buf not NULL, len > 0), whatever the result; the
 *              member of out->u it selects is filled as by that kind's parser
 *              (views into `buf`).
 *  @return MQW_ERR_ARG for `out` NULL, buf NULL with len > 0, or `version`
 *          not one of MQW_V31, MQW_V311, MQW_V5, MQW_V_UNKNOWN (whatever the
 *          packet); MQW_ERR_NEED_MORE with *used = 2 when len is 0; with
 *          MQW_V_UNKNOWN, MQW_ERR_PACKET_TYPE for any type but CONNECT (FH-15
 *          for type 0); otherwise exactly
 *          what the parser of the packet's type returns (mqw_connect_parse,
 *          mqw_connack_parse, mqw_publish_parse, mqw_ack_parse,
 *          mqw_subscribe_parse, mqw_suback_parse, mqw_unsubscribe_parse,
 *          mqw_unsuback_parse, mqw_ping_parse, mqw_disconnect_parse,
 *          mqw_auth_parse); for type 0, MQW_ERR_PACKET_TYPE (FH-15). */
MQW_API int mqw_parse(const uint8_t *buf, size_t len, mqw_packet *out, int version,
                      const mqw_limits *lim, mqw_diag *diag, size_t *used);
/** Build pkt->type (for CONNECT `version` is ignored). Codes as per kind,
 *  MQW_ERR_PACKET_TYPE for a type outside 1..15 (or 15 before 5.0).
 *  @param pkt  not NULL (MQW_ERR_ARG); read like a builder's `in`. For the
 *              four acks pkt->type overrides u.ack.type.
 *  @return MQW_ERR_ARG for `pkt` NULL; MQW_ERR_PACKET_TYPE for pkt->type 0 or
 *          above 15 (FH-15); otherwise exactly what the builder of that type
 *          returns (AUTH before 5.0: MQW_ERR_PACKET_TYPE, FH-16). */
MQW_API int mqw_build(uint8_t *buf, size_t cap, const mqw_packet *pkt, int version,
                      const mqw_limits *lim, mqw_diag *diag, size_t *len);
/** Size of the packet mqw_build would write: MQW_OK and *len, or the error
 *  mqw_build would return.
 *  @param pkt  as for mqw_build.
 *  @param len  NULL, or the size on MQW_OK, 0 otherwise.
 *  @return MQW_OK, or any code of mqw_build but MQW_ERR_NOSPACE. */
MQW_API int mqw_size(const mqw_packet *pkt, int version, const mqw_limits *lim, size_t *len);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup topics UTF-8 and topics (lib/utf8.c, lib/topic.c)
 * @{ */

/** Check an MQTT UTF-8 string: well-formed UTF-8 (RFC 3629), no U+0000,
 *  and with MQW_STRICT_UTF8 in `flags` no control characters U+0001..001F,
 *  U+007F..009F and no non-characters. MQW_OK or MQW_ERR_UTF8 with
 *  diag->offset relative to s.ptr and diag->rule the STR row; MQW_ERR_ARG
 *  for a NULL pointer with a non-zero length.
 *  @param s      the string, only read; s.ptr NULL only with s.len 0.
 *  @param flags  mqw_limits.flags bits; only MQW_STRICT_UTF8 is read.
 *  @return MQW_OK; MQW_ERR_ARG; MQW_ERR_UTF8: bad continuation or stray byte
 *          (STR-1), surrogate (STR-2), overlong (STR-3), above U+10FFFF
 *          (STR-4), sequence cut by the end (STR-5), U+0000 (STR-6), or with
 *          MQW_STRICT_UTF8 a control character or non-character (STR-8). */
MQW_API int mqw_utf8_check(mqw_bytes s, uint32_t flags, mqw_diag *diag);

/** Check a Topic Name: UTF-8 as above, no '+' or '#', not empty.
 *  MQW_OK, MQW_ERR_UTF8 or MQW_ERR_TOPIC_NAME (diag: offset in the name and
 *  row); MQW_ERR_ARG for a NULL pointer with a non-zero length.
 *  @param name   only read; name.ptr NULL only with name.len 0.
 *  @param flags  only MQW_STRICT_UTF8 is read.
 *  @return MQW_OK; MQW_ERR_ARG; MQW_ERR_UTF8 (STR-1..STR-6, STR-8);
 *          MQW_ERR_TOPIC_NAME: empty (PUB-4, whatever the version: an empty
 *          5.0 Topic Name with a Topic Alias is a matter of the packet), '+'
 *          (PUB-2), '#' (PUB-3). */
MQW_API int mqw_topic_name_check(mqw_bytes name, uint32_t flags, mqw_diag *diag);

/** Check a Topic Filter: UTF-8, not empty, '#' only last and alone in its
 *  level, '+' alone in its level; for MQW_V5 the `$share/<name>/<filter>`
 *  rules (TF-9..13). MQW_OK, MQW_ERR_UTF8 or MQW_ERR_TOPIC_FILTER (diag:
 *  offset in the filter and row); MQW_ERR_ARG for a NULL pointer with a
 *  non-zero length or an unknown version.
 *  @param filter   only read; filter.ptr NULL only with filter.len 0.
 *  @param version  MQW_V31, MQW_V311 or MQW_V5; only 5.0 gives "$share/" a
 *                  meaning (TF-14, TF-15).
 *  @param flags    only MQW_STRICT_UTF8 is read.
 *  @return MQW_OK; MQW_ERR_ARG; MQW_ERR_UTF8 (STR-1..STR-6, STR-8);
 *          MQW_ERR_TOPIC_FILTER: empty (TF-7), '#' not last (TF-2) or not
 *          alone in its level (TF-1), '+' not alone in its level (TF-4,
 *          TF-5); 5.0 shared: empty ShareName (TF-9), '+' or '#' in it
 *          (TF-10), no '/' after it (TF-11), nothing after that '/' (TF-12),
 *          a wildcard misplaced after it (TF-13). */
MQW_API int mqw_topic_filter_check(mqw_bytes filter, int version, uint32_t flags, mqw_diag *diag);

/** Whether Topic Name `name` matches Topic Filter `filter` (both assumed
 *  valid). A filter starting with a wildcard does not match a name starting
 *  with '$'. A 5.0 shared filter must be split first (mqw_topic_share).
 *  Levels compare byte for byte; "a/#" also matches "a".
 *  @param filter  only read; ptr NULL only with len 0. Not validated.
 *  @param name    only read; ptr NULL only with len 0. Not validated.
 *  @return whether the name matches the filter. */
MQW_API bool mqw_topic_matches(mqw_bytes filter, mqw_bytes name);

/** Whether `filter` starts with "$share/" (a 5.0 shared subscription); if
 *  so, *group and *inner (either may be NULL) receive the ShareName and the
 *  filter after it (empty when the filter has no '/' after the name; check
 *  the filter with mqw_topic_filter_check first). The prefix is exact and
 *  case-sensitive (TF-14); `version` is not asked, so call it for 5.0
 *  filters only.
 *  @param filter  only read; ptr NULL gives false.
 *  @param group   NULL, or receives the ShareName: a view into filter's
 *                 bytes, valid while they are. Untouched on false.
 *  @param inner   NULL, or receives the filter after `"$share/<name>/"`: a view
 *                 into filter's bytes. Untouched on false.
 *  @return whether filter starts with "$share/". */
MQW_API bool mqw_topic_share(mqw_bytes filter, mqw_bytes *group, mqw_bytes *inner);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup delivery Delivery rules (lib/link.c, lib/session.c, lib/alias.c, lib/keepalive.c)
 *
 * What MQTT asks of one connection and its session beyond single packets
 * (3.1.1 and 5.0 chapter 4; 5.0 §3.3.2.3.4): Packet Identifiers, the QoS 1
 * and QoS 2 flows both ways, the in-flight window, resend with DUP,
 * ordering, Topic Alias and Keep Alive. The same code serves a client and a
 * server; a broker keeps one mqw_session (and one of each helper) per
 * client session. Built on the packet API above; no packet function calls
 * these.
 *
 * Conventions of this section, beyond those at the top:
 *  - State lives in structs the caller owns and sizes: an mqw_session with
 *    the arrays given to mqw_session_init, an mqw_alias with its slots and
 *    topic pool, an mqw_keepalive. Their members belong to the module: read
 *    or write them only through these functions. Nothing here allocates,
 *    reads a clock or keeps globals; two states never share anything, so
 *    sessions on different threads need no lock (one state, one thread at
 *    a time).
 *  - Time is `now`: milliseconds on any counter the caller likes (a
 *    monotonic clock truncated to 32 bits). It may wrap around 2^32; every
 *    comparison is made modulo 2^32, so intervals up to 2^31 - 1 ms (24.8
 *    days) are measured right. Pass a `now` that never goes back.
 *  - Events in, actions out: the caller says what it wants to send, what it
 *    received (a parsed mqw_packet), that time passed, that the connection
 *    dropped or came up; the module answers in an mqw_action (what to send,
 *    what to deliver, which of the caller's messages is finished) and the
 *    caller builds and writes the bytes with the builders above. Further
 *    sends that one event releases (resends after a reconnect or a timeout,
 *    messages that waited for the window) come from mqw_session_next.
 *  - The module keeps no payloads: it keeps a `cookie` per message (any
 *    number, or a pointer cast to uintptr_t) by which the caller finds its
 *    message to resend it or to free it.
 *  - A violation by the peer is an error with a rule id in diag->rule
 *    ("DL-1"; NULL with MQW_NO_RULE_IDS) and, by mqw_reason_code, the 5.0
 *    reason code to put in the DISCONNECT that closes the connection. After
 *    a violation the state is unchanged: the caller closes the connection
 *    and calls mqw_session_disconnected. diag->offset is always 0.
 *
 * Rule ids (the errors of this section):
 *   DL-1   an ack (PUBACK, PUBREC, PUBCOMP, SUBACK, UNSUBACK) for a Packet
 *          Identifier we have not in flight         MQW_ERR_ACK_UNKNOWN
 *   DL-2   PUBACK for a flow that is not a QoS 1 PUBLISH  MQW_ERR_ACK_STATE
 *   DL-3   PUBREC for a flow that is not a QoS 2 PUBLISH  MQW_ERR_ACK_STATE
 *   DL-4   PUBCOMP for a flow that has had no PUBREC      MQW_ERR_ACK_STATE
 *   DL-5   SUBACK / UNSUBACK for a flow of another kind   MQW_ERR_ACK_STATE
 *   DL-6   SUBACK with a code count other than the SUBSCRIBE's entry count
 *                                                   MQW_ERR_ACK_COUNT
 *   DL-7   5.0 UNSUBACK with a code count other than the UNSUBSCRIBE's
 *          filter count                             MQW_ERR_ACK_COUNT
 *   DL-8   5.0: a QoS 1 or 2 PUBLISH while our Receive Maximum of the
 *          QoS 2 PUBLISHes received on this connection await their
 *          PUBREL [MQTT-3.3.4-7] [MQTT-3.3.4-9]     MQW_ERR_RECEIVE_MAXIMUM
 *   DL-9   a new QoS 2 PUBLISH with every held-identifier slot in use
 *                                                   MQW_ERR_QUOTA
 *   DL-10  a Topic Alias with an empty Topic Name and no mapping
 *                                                   MQW_ERR_ALIAS_UNKNOWN
 *   DL-11  a Topic Alias above our Topic Alias Maximum (0 before 5.0 and
 *          when none was announced) [MQTT-3.3.2-9] (a client's),
 *          [MQTT-3.3.2-11] (a server's)             MQW_ERR_TOPIC_ALIAS
 *   DL-12  a Topic Name to map that is longer than an alias slot holds
 *          (a limit of ours, not of the specification) MQW_ERR_QUOTA
 *   DL-13  server: nothing received for 1.5 x Keep Alive ([MQTT-3.1.2-24]
 *          of 3.1.1, [MQTT-3.1.2-22] of 5.0)        MQW_ERR_KEEP_ALIVE
 *   DL-14  client: no PINGRESP within Keep Alive of a PINGREQ
 *                                                   MQW_ERR_KEEP_ALIVE
 *   DL-15  3.x: a flow still unacknowledged after the last resend the
 *          caller allowed                           MQW_ERR_RESEND_LIMIT
 * @{ */

/** What CONNECT and CONNACK settled for one connection: the input of
 *  mqw_session_connected, mqw_alias_reset and mqw_keepalive_init. */
typedef struct mqw_link {
    uint8_t version;      /**< MQW_V31, MQW_V311 or MQW_V5 */
    bool session_present; /**< the session state was kept from before */
    uint16_t keep_alive;  /**< seconds, after Server Keep Alive; 0 = off */
    uint16_t receive_max; /**< the peer's Receive Maximum (65535 if absent) */
    uint16_t alias_max;   /**< the peer's Topic Alias Maximum: aliases we may send */
} mqw_link;

/** The link as a client sees it: from the CONNECT it sent and the CONNACK
 *  it received (code 0). session_present is CONNACK's Session Present; on
 *  3.1, whose CONNACK has none, it is "Clean Session was 0". keep_alive is
 *  the 5.0 Server Keep Alive when the CONNACK has one, else the CONNECT's.
 *  receive_max and alias_max come from the CONNACK's properties (5.0;
 *  65535 and 0 when absent and before 5.0).
 *  @param out   not NULL; every field written.
 *  @param sent  not NULL: the CONNECT as built (its props as `list` or
 *               `raw`); version and clean_start and keep_alive are read.
 *  @param got   not NULL: the parsed CONNACK; its views are only read. */
MQW_API void mqw_link_client(mqw_link *out, const mqw_connect *sent, const mqw_connack *got);
/** The link as a server sees it: from the CONNECT it received and the
 *  CONNACK it sends (code 0). session_present is the CONNACK's (what the
 *  server kept); on 3.1, whose CONNACK cannot carry it (31-9), it is
 *  "Clean Session was 0" (the server goes on with what it holds).
 *  keep_alive is the CONNACK's 5.0 Server Keep Alive if it has one, else
 *  the CONNECT's; receive_max and alias_max come from the CONNECT's
 *  properties (5.0; 65535 and 0 otherwise).
 *  @param out   not NULL; every field written.
 *  @param got   not NULL: the parsed CONNECT (version from it).
 *  @param sent  not NULL: the CONNACK as built (props as `list` or `raw`). */
MQW_API void mqw_link_server(mqw_link *out, const mqw_connect *got, const mqw_connack *sent);

/** One outgoing flow: a QoS 1 or 2 PUBLISH, a SUBSCRIBE or an UNSUBSCRIBE
 *  that holds a Packet Identifier until its ack. The caller provides an
 *  array of them (its size is the session's capacity); the members are the
 *  module's. */
typedef struct mqw_flight {
    uintptr_t cookie;   /**< the caller's handle of the message */
    uint32_t due;       /**< 3.x resend time; SUBSCRIBE: entry count */
    uint16_t packet_id; /**< the identifier in use (or last used) */
    uint16_t old_id;    /**< the previous flow's, if it was resent live */
    uint16_t prev;      /**< order list: previous flow (index + 1, 0 none) */
    uint16_t next;      /**< order list / free list: next flow */
    uint8_t state;      /**< what the flow waits for */
    uint8_t flags;      /**< sent, to send, sent before, lost */
    uint8_t tries;      /**< resends on this connection */
} mqw_flight;

/** One incoming QoS 2 identifier held until its PUBREL. The caller
 *  provides an array of them; the members are the module's. */
typedef struct mqw_held {
    uint16_t packet_id; /**< the identifier held, 0 when free */
    uint16_t chain;     /**< next entry of its bucket / of the free list */
    uint16_t bucket;    /**< first entry whose identifier hashes here */
    uint8_t live;       /**< its PUBLISH came on this connection */
} mqw_held;

/** mqw_session_config.qos2: the two ways 4.3.3 of both specifications
 *  allow a receiver to deliver a QoS 2 message exactly once. */
enum {
    /** Deliver at once on the first PUBLISH and keep only its identifier
     *  until PUBREL; a duplicate PUBLISH meanwhile is not delivered. */
    MQW_QOS2_AT_ONCE = 0,
    /** Keep the message (the caller stores a copy at the slot the action
     *  names) and deliver it on PUBREL. */
    MQW_QOS2_ON_PUBREL = 1
};

/** The most outgoing flows a session can have: half the Packet
 *  Identifiers, so that each slot has two. */
#define MQW_SESSION_MAX_FLIGHTS 32767

/** mqw_session_config.flags (bits apart from mqw_limits' flags). */
enum {
    /** 5.0, receiving: count a QoS 2 PUBLISH against our Receive Maximum
     *  only until it is answered with PUBREC, not until its PUBREL, as
     *  mosquitto 2.0.11 counts what it sends (it sends a new PUBLISH after
     *  a PUBREC, past [MQTT-3.3.4-9]; policy C-29). The session answers
     *  every PUBLISH at once, so DL-8 then never fires; DL-9 still bounds
     *  the identifiers held. */
    MQW_LENIENT_RECEIVE_MAXIMUM = 1u << 17
};

/** How a session is set up (mqw_session_init); only read during the call,
 *  but the arrays it names are kept. */
typedef struct mqw_session_config {
    uint8_t role; /**< MQW_ROLE_CLIENT or MQW_ROLE_SERVER */
    uint8_t qos2; /**< MQW_QOS2_AT_ONCE (0) or MQW_QOS2_ON_PUBREL */
    /** Outgoing flows: the session's capacity. Every Packet Identifier the
     *  session hands out belongs to one slot, so no identifier is ever in
     *  use twice, and each slot has two at least (it takes them in turn),
     *  so a late answer to a resent duplicate cannot end the flow that
     *  follows in its slot. Not NULL, n_flights >= 1. */
    mqw_flight *flights;
    /** entries of `flights`, 1 .. MQW_SESSION_MAX_FLIGHTS (32,767: half the
     *  identifiers, so that each slot has two) */
    uint16_t n_flights;
    /** Incoming QoS 2 identifiers held until PUBREL; NULL with 0 refuses
     *  every QoS 2 PUBLISH (DL-9). */
    mqw_held *held;
    uint16_t n_held; /**< entries of `held` */
    /** The Receive Maximum we announce (5.0); 0 = 65535. Announce at most
     *  n_held, or a peer within its rights can meet DL-9. */
    uint16_t receive_max;
    /** 3.x resend on a live connection: the k-th resend of a flow comes
     *  resend_ms[min(k, resend_n - 1)] ms after the send before it, at most
     *  resend_limit times; then mqw_session_tick says MQW_ERR_RESEND_LIMIT.
     *  resend_limit 0: never on a live connection (only on reconnect, as
     *  5.0 requires [MQTT-4.4.0-1]; 5.0 sessions ignore these fields). The
     *  array is read on every resend: it must outlive the session. */
    const uint32_t *resend_ms;
    size_t resend_n;      /**< entries of `resend_ms` */
    uint8_t resend_limit; /**< resends per flow on one connection (3.x) */
    uint32_t flags;       /**< 0, or MQW_LENIENT_RECEIVE_MAXIMUM */
} mqw_session_config;

/** One connection's session state; see the section head. Holds pointers to
 *  the arrays of its config, which must outlive it. Copying it while in use
 *  is fine (it points to the same arrays); two sessions must not share an
 *  array. */
typedef struct mqw_session {
    mqw_flight *flights;       /**< the config's */
    mqw_held *held;            /**< the config's */
    const uint32_t *resend_ms; /**< the config's */
    uint32_t resend_n;         /**< the config's */
    uint32_t next_due;         /**< no 3.x resend is due before this */
    uint16_t n_flights;        /**< the config's */
    uint16_t id_mask;          /**< identifier -> slot: (id - 1) & id_mask */
    uint16_t n_held;           /**< the config's */
    uint16_t held_mask;        /**< identifier -> bucket */
    uint16_t receive_max;      /**< ours, 65535 for 0 */
    uint16_t head;             /**< first flow in send order (index + 1) */
    uint16_t tail;             /**< last flow in send order */
    uint16_t free;             /**< first free flow slot */
    uint16_t held_free;        /**< first free held entry */
    uint16_t cursor;           /**< no flow to send lies before it */
    uint16_t window;           /**< min(n_flights, the peer's Receive Maximum) */
    uint16_t inflight;         /**< PUBLISH flows counted in the window */
    uint16_t held_n;           /**< identifiers held */
    uint16_t held_live;        /**< of them, live: the peer's flows on this connection */
    uint16_t wait_new;         /**< flows waiting for their first send here */
    uint16_t wait_re;          /**< flows waiting to be sent again */
    uint16_t wait_lost;        /**< flows to report lost */
    uint16_t used;             /**< flow slots in use */
    uint8_t role;              /**< the config's */
    uint8_t lenient_rm;        /**< the config's MQW_LENIENT_RECEIVE_MAXIMUM */
    uint8_t check_rm;          /**< DL-8 is checked on this connection */
    uint8_t qos2;              /**< the config's */
    uint8_t version;           /**< of the connection */
    uint8_t resend_limit;      /**< the config's */
    uint8_t resend_on;         /**< 3.x with resend_limit > 0 */
    uint8_t connected;         /**< between connected and disconnected */
    uint8_t timer_set;         /**< next_due is meaningful */
} mqw_session;

/** mqw_action.deliver: what to do with the PUBLISH just received. */
enum {
    MQW_DELIVER_NONE = 0,  /**< nothing (a duplicate, or not a PUBLISH) */
    MQW_DELIVER_NOW = 1,   /**< hand the PUBLISH to the application */
    MQW_DELIVER_STORE = 2, /**< MQW_QOS2_ON_PUBREL: keep a copy at `slot` */
    MQW_DELIVER_STORED = 3 /**< deliver the copy kept at `slot`, then drop it */
};

/** mqw_action.done: how a flow of ours ended. */
enum {
    MQW_DONE_NONE = 0,    /**< no flow of ours ended */
    MQW_DONE_ACKED = 1,   /**< PUBACK, PUBCOMP, SUBACK or UNSUBACK came */
    MQW_DONE_REFUSED = 2, /**< 5.0 PUBACK or PUBREC with a code >= 0x80 */
    MQW_DONE_LOST = 3     /**< the session was not kept, or the connection of a
                               SUBSCRIBE / UNSUBSCRIBE dropped before its ack */
};

/** What to do after an event. All fields are written by every function
 *  that takes one; 0 means "nothing" in each. An event can ask for one send
 *  and one delivery (or one finished flow) at the same time. */
typedef struct mqw_action {
    /** The packet to send now, 0 for none: MQW_PUBLISH (build it from the
     *  message of `cookie` with `qos`, `dup`, `packet_id`), MQW_PUBACK,
     *  MQW_PUBREC, MQW_PUBREL or MQW_PUBCOMP (an mqw_ack of this type with
     *  `dup`, `packet_id` and `code`: see mqw_action_ack), MQW_SUBSCRIBE or
     *  MQW_UNSUBSCRIBE (the caller's packet with `packet_id`). */
    uint8_t send;
    /** send == MQW_PUBLISH: 0, 1 or 2; done: the flow's QoS (1 or 2 for a
     *  PUBLISH, so its PUBACK or its PUBREC / PUBCOMP ended it; 0 for a
     *  SUBSCRIBE or UNSUBSCRIBE) */
    uint8_t qos;
    bool dup;           /**< DUP of the PUBLISH, or of a 3.1 PUBREL (31-12) */
    uint8_t code;       /**< 5.0 reason code of the ack to send (0 = Success) */
    uint16_t packet_id; /**< of the packet to send, or of the flow done */
    uint8_t deliver;    /**< MQW_DELIVER_* */
    uint8_t done;       /**< MQW_DONE_*: a flow of ours ended */
    /** done: what the flow was (MQW_PUBLISH, MQW_SUBSCRIBE or
     *  MQW_UNSUBSCRIBE); the finished flow's identifier is `packet_id` and
     *  its message `cookie`. */
    uint8_t request;
    /** done: the peer's reason code (0x92 from a PUBCOMP...); a PUBREL
     *  received: 0x92 when its identifier was not held (released before),
     *  on every version, while `code` says 0x92 to the peer on 5.0 only */
    uint8_t result;
    uint16_t slot;    /**< deliver STORE / STORED: index into the caller's copies */
    uintptr_t cookie; /**< send == MQW_PUBLISH or done: the caller's handle */
} mqw_action;

/** The ack an action asks for, ready for mqw_ack_build (no properties).
 *  @param act  not NULL, with send MQW_PUBACK .. MQW_PUBCOMP. */
static inline mqw_ack mqw_action_ack(const mqw_action *act)
{
    mqw_ack a;
    memset(&a, 0, sizeof a);
    a.type = act->send;
    a.dup = act->dup;
    a.packet_id = act->packet_id;
    a.code = act->code;
    return a;
}

/** Set up a session, offline, with nothing in flight. Every incoming
 *  message kept for MQW_QOS2_ON_PUBREL is void after it.
 *  @param s    not NULL; overwritten.
 *  @param cfg  not NULL; read during the call (the arrays and resend_ms are
 *              kept). Its arrays' contents are overwritten.
 *  @return MQW_OK, or MQW_ERR_ARG: s or cfg NULL, role not client or
 *          server, qos2 unknown, flags unknown, flights NULL, n_flights 0 or over
 *          MQW_SESSION_MAX_FLIGHTS, held NULL with
 *          n_held > 0, resend_limit > 0 with resend_ms NULL or resend_n 0. */
MQW_API int mqw_session_init(mqw_session *s, const mqw_session_config *cfg);

/** The connection came up (CONNACK received by a client, sent by a
 *  server), first or again. With link->session_present the session goes on
 *  ([MQTT-4.4.0-1]): every unacknowledged PUBLISH is sent again with DUP
 *  and every PUBREL again, in their original order, by mqw_session_next;
 *  SUBSCRIBE and UNSUBSCRIBE flows still open end as MQW_DONE_LOST.
 *  Without it the session starts afresh: every flow ends as MQW_DONE_LOST
 *  (from mqw_session_next; its identifier is out of flight at once, so an
 *  ack for it is DL-1) and every held identifier is forgotten (the
 *  copies kept for MQW_QOS2_ON_PUBREL are void). The window is then
 *  min(n_flights, link->receive_max) and starts empty on each connection
 *  (5.0 4.9): it counts the PUBLISHes sent on this one, so the PUBRELs
 *  resent take no place in it; likewise our Receive Maximum counts only
 *  the QoS 2 PUBLISHes received on this connection (DL-8). On 5.0
 *  nothing is resent on this connection but by this call [MQTT-4.4.0-1].
 *  @param s     not NULL, from mqw_session_init.
 *  @param link  not NULL; read during the call (version, session_present,
 *               receive_max: 0 counts as 65535).
 *  @param now   the time, in ms.
 *  @return MQW_OK; MQW_ERR_STATE already connected; MQW_ERR_ARG link NULL
 *          or version unknown. */
MQW_API int mqw_session_connected(mqw_session *s, const mqw_link *link, uint32_t now);

/** The connection is gone (closed by either side, or lost). Open SUBSCRIBE
 *  and UNSUBSCRIBE flows end as MQW_DONE_LOST from mqw_session_next; the
 *  rest waits for mqw_session_connected.
 *  @param s  not NULL. Harmless when already offline. */
MQW_API void mqw_session_disconnected(mqw_session *s);

/** Send an application message at `qos`. QoS 0 is not kept: `out` says
 *  send it now. QoS 1 and 2 take a slot and a Packet Identifier not in use
 *  ([MQTT-2.3.1-2]); `out` says send now (send MQW_PUBLISH) when the
 *  connection is up, the window has room ([MQTT-4.9.0-2]) and nothing
 *  older waits; otherwise out->send is 0 and mqw_session_next sends it
 *  when it can, in order. out->packet_id is set either way.
 *  @param s       not NULL.
 *  @param qos     0, 1 or 2.
 *  @param cookie  the caller's handle for the message, returned with every
 *                 send of it and when it is done.
 *  @param now     the time, in ms (3.x resend timer).
 *  @param out     not NULL; written on every return (all 0 on errors).
 *  @return MQW_OK; MQW_ERR_ARG qos > 2 or `out` NULL; MQW_ERR_STATE QoS 0
 *          while offline; MQW_ERR_FULL every slot in use (every identifier
 *          the session can give is: wait for an ack). */
MQW_API int mqw_session_publish(mqw_session *s, uint8_t qos, uintptr_t cookie, uint32_t now,
                                mqw_action *out);

/** Send a SUBSCRIBE with `n` entries (client only). It takes a slot and an
 *  identifier until its SUBACK, which must carry `n` codes (DL-6); out->send
 *  is MQW_SUBSCRIBE with out->packet_id. It does not count in the window
 *  (Receive Maximum is about PUBLISH) and is never resent: when the
 *  connection drops first it ends as MQW_DONE_LOST.
 *  @param s       not NULL.
 *  @param n       entries in the SUBSCRIBE, >= 1.
 *  @param cookie  the caller's handle, returned when the flow is done.
 *  @param out     not NULL; written on every return (all 0 on errors).
 *  @return MQW_OK; MQW_ERR_ARG n 0 or `out` NULL; MQW_ERR_DIRECTION the
 *          session is a server's; MQW_ERR_STATE offline; MQW_ERR_FULL. */
MQW_API int mqw_session_subscribe(mqw_session *s, size_t n, uintptr_t cookie, mqw_action *out);
/** As mqw_session_subscribe for an UNSUBSCRIBE with `n` filters (its 5.0
 *  UNSUBACK must carry `n` codes, DL-7). */
MQW_API int mqw_session_unsubscribe(mqw_session *s, size_t n, uintptr_t cookie, mqw_action *out);

/** A packet was received and parsed (for the session's version and role).
 *  - PUBLISH QoS 0: deliver. QoS 1: deliver, send PUBACK. QoS 2: send
 *    PUBREC; the first time for its identifier also deliver (or, with
 *    MQW_QOS2_ON_PUBREL, store at out->slot); while the identifier is held
 *    a duplicate is only answered.
 *  - PUBREL: send PUBCOMP; a held identifier is released (and with
 *    MQW_QOS2_ON_PUBREL its copy delivered: MQW_DELIVER_STORED); for an
 *    unknown one (released before: a PUBREL resent after a reconnect)
 *    result is 0x92, and code 0x92 on 5.0.
 *  - PUBACK, PUBCOMP, SUBACK, UNSUBACK: the flow is done (out->done,
 *    out->cookie); PUBREC: send PUBREL, or on 5.0 with a code >= 0x80 the
 *    flow is done (MQW_DONE_REFUSED). On 3.x a PUBREC for a flow that
 *    already sent its PUBREL (the answer to a resent PUBLISH) is answered
 *    with the PUBREL again; on 5.0 it is DL-3. An ack
 *    for the identifier of a flow that ended after a 3.x resend (the
 *    peer's answer to the duplicate) is ignored. A freed window place lets
 *    mqw_session_next send what waits.
 *  - Any other packet: nothing to do (out all 0).
 *  @param s     not NULL, connected.
 *  @param pkt   not NULL; only read during the call.
 *  @param now   the time, in ms.
 *  @param out   not NULL; written on every return (all 0 on errors).
 *  @param diag  NULL, or the rule of a violation (offset 0).
 *  @return MQW_OK; MQW_ERR_ARG pkt or out NULL; MQW_ERR_STATE offline; or a
 *          violation: MQW_ERR_ACK_UNKNOWN (DL-1), MQW_ERR_ACK_STATE (DL-2..
 *          DL-5), MQW_ERR_ACK_COUNT (DL-6, DL-7), MQW_ERR_RECEIVE_MAXIMUM
 *          (DL-8), MQW_ERR_QUOTA (DL-9). */
MQW_API int mqw_session_receive(mqw_session *s, const mqw_packet *pkt, uint32_t now,
                                mqw_action *out, mqw_diag *diag);

/** Outgoing flows in use: the QoS 1 and 2 messages and the SUBSCRIBE and
 *  UNSUBSCRIBE requests not yet done, whether sent or waiting (and those
 *  to be reported lost), so n_flights minus the slots free.
 *  @param s  not NULL. */
MQW_API uint16_t mqw_session_flows(const mqw_session *s);
/** Of them, the PUBLISHes in the window of this connection: sent here and
 *  not yet acknowledged (at most min(n_flights, the peer's Receive
 *  Maximum)). 0 offline.
 *  @param s  not NULL. */
MQW_API uint16_t mqw_session_inflight(const mqw_session *s);
/** Incoming QoS 2 identifiers held until their PUBREL (messages delivered,
 *  or stored, whose flow the peer has not finished).
 *  @param s  not NULL. */
MQW_API uint16_t mqw_session_held(const mqw_session *s);

/** Refuse the message of a PUBLISH just received (5.0): turn the action
 *  mqw_session_receive gave for it into a PUBACK or PUBREC with `code`
 *  and no delivery. A refused QoS 2 message holds no identifier: the
 *  PUBREC ends the sender's flow, so its identifier is free for the next
 *  message (5.0 §2.2.1, 4.3.3) and takes no place in our Receive Maximum.
 *  Call it instead of delivering (or storing) the message, before any
 *  other event of the session, then send the ack as usual. A duplicate
 *  (deliver NONE) cannot be refused: its message was taken before.
 *  @param s     not NULL, connected.
 *  @param act   not NULL: the action as mqw_session_receive wrote it for a
 *               QoS 1 or 2 PUBLISH, send MQW_PUBACK or MQW_PUBREC and
 *               deliver MQW_DELIVER_NOW or MQW_DELIVER_STORE. On MQW_OK
 *               code, deliver and slot are rewritten; unchanged otherwise.
 *  @param code  a reason code >= 0x80 that the ack may carry (0x80, 0x83,
 *               0x87, 0x90, 0x91, 0x97, 0x99).
 *  @return MQW_OK; MQW_ERR_ARG act NULL or not such an action, or code not
 *          a failure code of that ack; MQW_ERR_STATE offline or before 5.0
 *          (a 3.x receiver acknowledges or closes the connection,
 *          [MQTT-3.3.5-2] of 3.1.1). */
MQW_API int mqw_session_refuse(mqw_session *s, mqw_action *act, uint8_t code);

/** The next send an earlier event released, if any: after
 *  mqw_session_connected the resends in their original order (PUBLISH with
 *  DUP, PUBREL; 3.1 PUBREL with DUP), after mqw_session_tick the 3.x
 *  resends that are due, after an ack the PUBLISH that waited for the
 *  window; and the flows that ended as MQW_DONE_LOST. Call it until it
 *  returns false after every event. Costs one test when there is nothing.
 *  @param s    not NULL.
 *  @param now  the time, in ms (3.x resend timer).
 *  @param out  not NULL; written on every return (all 0 on false).
 *  @return true with an action; false when there is nothing more. */
MQW_API bool mqw_session_next(mqw_session *s, uint32_t now, mqw_action *out);

/** Time passed (3.x resend on a live connection). Marks every flow whose
 *  resend is due for mqw_session_next. Each resend's deadline is counted
 *  from when mqw_session_next hands it out (and, until then, from when it
 *  was marked). On 5.0, offline, or with resend_limit 0 it does nothing.
 *  @param s     not NULL.
 *  @param now   the time, in ms.
 *  @param wait  NULL, or the ms until the next resend is due (at most;
 *               it may wake the caller early); UINT32_MAX if none is.
 *  @param diag  NULL, or the rule of MQW_ERR_RESEND_LIMIT (offset 0).
 *  @return MQW_OK; MQW_ERR_RESEND_LIMIT (DL-15) a flow is due past the
 *          last resend allowed: close the connection (the session keeps the
 *          flow for the next one). */
MQW_API int mqw_session_tick(mqw_session *s, uint32_t now, uint32_t *wait, mqw_diag *diag);

/** One Topic Alias slot; the caller provides an array. Members are the
 *  module's. */
typedef struct mqw_alias_slot {
    uint32_t hash; /**< of the Topic Name mapped (outgoing) */
    uint16_t len;  /**< its length, 0 when the alias is not mapped */
} mqw_alias_slot;

/** Topic Alias state of one direction of one connection (5.0): the
 *  mappings we send (outgoing) or those the peer set (incoming), with the
 *  Topic Names kept in the caller's pool, split evenly between the slots. */
typedef struct mqw_alias {
    mqw_alias_slot *slots; /**< the caller's n slots */
    uint8_t *pool;         /**< the caller's topic storage */
    uint32_t topic_cap;    /**< bytes of pool per alias */
    uint16_t n;            /**< slots */
    uint16_t max;          /**< aliases in use on this connection: 1..max */
} mqw_alias;

/** Set up an alias table of `n` slots (aliases 1..n) with `pool_len` bytes
 *  of topic storage, split evenly: each alias holds a Topic Name of up to
 *  pool_len / n bytes (at most 65,535). Size the pool as n times the
 *  longest Topic Name to map: an incoming table refuses a longer one with
 *  DL-12, a limit of ours that the specification does not know (a peer
 *  may map any Topic Name to any alias up to our maximum, [MQTT-3.3.2-10]
 *  and [MQTT-3.3.2-12]); an outgoing table sends a longer one with no
 *  alias. Starts with maximum 0 (no alias in use) until mqw_alias_reset.
 *  @param a      not NULL; overwritten.
 *  @param slots  the caller's array of n slots; kept.
 *  @param pool   the caller's bytes; kept. NULL only with pool_len 0.
 *  @return MQW_OK; MQW_ERR_ARG a or slots NULL, n 0, pool NULL with a
 *          length, or pool_len / n == 0. */
MQW_API int mqw_alias_init(mqw_alias *a, mqw_alias_slot *slots, uint16_t n, uint8_t *pool,
                           size_t pool_len);
/** A new connection: forget every mapping (aliases never outlive their
 *  connection, [MQTT-3.3.2-7]) and use aliases 1..min(n, max).
 *  Incoming, the Topic Alias Maximum to announce is what this returns:
 *  call it before the CONNECT (client) or CONNACK (server) that carries
 *  ours, with the maximum wished for, and announce the result; an alias
 *  above it is DL-11.
 *  @param a    not NULL.
 *  @param max  outgoing: the peer's Topic Alias Maximum (mqw_link.alias_max);
 *              incoming: the Topic Alias Maximum wished for (0 before
 *              5.0 or to take none).
 *  @return the maximum in force, min(n, max). */
MQW_API uint16_t mqw_alias_reset(mqw_alias *a, uint16_t max);
/** Choose how to send `topic`: reuse its alias (send an empty Topic Name
 *  with the Topic Alias), or map it now (send the Topic Name and the
 *  Topic Alias), replacing the mapping that held its slot; or no alias
 *  (max 0, or a topic longer than a slot holds). Constant time: one hash
 *  of the topic picks the one slot it may use. A new mapping is recorded
 *  by this call, as if the PUBLISH went out: when it does not (a builder
 *  refuses it, or a server discards it as too large, [MQTT-3.1.2-28] of
 *  5.0), call mqw_alias_forget, or the next PUBLISH of the topic would
 *  carry the alias alone and the peer would not know it (0x82).
 *  @param a      not NULL.
 *  @param topic  the PUBLISH's Topic Name (not empty), only read.
 *  @param alias  not NULL: the Topic Alias to send, 0 for none.
 *  @param name   not NULL: the Topic Name to send: `topic`, or empty when
 *                the alias says it. */
MQW_API void mqw_alias_send(mqw_alias *a, mqw_bytes topic, uint16_t *alias, mqw_bytes *name);
/** The PUBLISH that mqw_alias_send chose `alias` for was not sent: drop
 *  what that alias maps to on our side, so that its next use sends the
 *  Topic Name again. Harmless for any alias (0, an alias above the
 *  maximum, one reused rather than mapped: it costs one Topic Name).
 *  @param a      not NULL.
 *  @param alias  as mqw_alias_send gave it. */
MQW_API void mqw_alias_forget(mqw_alias *a, uint16_t alias);
/** Resolve a received PUBLISH's Topic Name: without a Topic Alias its own;
 *  with one and a Topic Name, record the mapping (remapping the alias) and
 *  give the name; with one and an empty name, the mapped name.
 *  @param a      not NULL.
 *  @param pub    not NULL: the parsed PUBLISH (its Topic Alias property is
 *                read from pub->props).
 *  @param topic  not NULL: the Topic Name, a view into pub's buffer or into
 *                the pool (valid until the alias is remapped or reset).
 *  @param diag   NULL, or the rule of a violation.
 *  @return MQW_OK; MQW_ERR_TOPIC_ALIAS (DL-11) alias above our maximum;
 *          MQW_ERR_ALIAS_UNKNOWN (DL-10) empty name and no mapping;
 *          MQW_ERR_QUOTA (DL-12) a name to map longer than a slot holds
 *          (our limit: see mqw_alias_init). */
MQW_API int mqw_alias_receive(mqw_alias *a, const mqw_publish *pub, mqw_bytes *topic,
                              mqw_diag *diag);

/** Keep Alive of one connection (3.1.2.10 of both specifications). */
typedef struct mqw_keepalive {
    uint32_t interval;      /**< ms; 0 = off */
    uint32_t last_sent;     /**< when we last sent a packet */
    uint32_t last_received; /**< when we last received one */
    uint32_t ping_sent;     /**< when the PINGREQ that waits went */
    uint8_t role;           /**< MQW_ROLE_CLIENT or MQW_ROLE_SERVER */
    bool ping_out;          /**< a PINGREQ waits for its PINGRESP */
} mqw_keepalive;

/** Start the Keep Alive of a connection (use mqw_link.keep_alive: the 5.0
 *  Server Keep Alive overrides the client's value, [MQTT-3.2.2-21]).
 *  @param ka          not NULL; overwritten.
 *  @param role        MQW_ROLE_CLIENT or MQW_ROLE_SERVER.
 *  @param keep_alive  seconds; 0 turns it off.
 *  @param now         the time, in ms. */
MQW_API void mqw_keepalive_init(mqw_keepalive *ka, uint8_t role, uint16_t keep_alive, uint32_t now);
/** A packet was sent (any type).
 *  @param ka   not NULL.
 *  @param now  the time, in ms. */
MQW_API void mqw_keepalive_sent(mqw_keepalive *ka, uint32_t now);
/** A packet was received (any type; a PINGRESP answers our PINGREQ).
 *  @param ka    not NULL.
 *  @param type  the packet type (MQW_PINGRESP matters).
 *  @param now   the time, in ms. */
MQW_API void mqw_keepalive_received(mqw_keepalive *ka, int type, uint32_t now);
/** What Keep Alive asks now. A client sends a PINGREQ when it has sent
 *  nothing for the Keep Alive ([MQTT-3.1.2-23]; 5.0 [MQTT-3.1.2-20]) and
 *  gives up when the PINGRESP has not come a Keep Alive later (DL-14); a
 *  server gives up on a client silent for one and a half times the Keep
 *  Alive ([MQTT-3.1.2-24]; 5.0 [MQTT-3.1.2-22]; DL-13; on 5.0 send
 *  DISCONNECT 0x8D, mqw_reason_code).
 *  @param ka    not NULL.
 *  @param now   the time, in ms.
 *  @param send  NULL, or MQW_PINGREQ when the client must send one now
 *               (then call mqw_keepalive_sent when it is written), else 0.
 *  @param wait  NULL, or the ms until the next check is due; UINT32_MAX
 *               when Keep Alive is off.
 *  @param diag  NULL, or the rule of MQW_ERR_KEEP_ALIVE (offset 0).
 *  @return MQW_OK; MQW_ERR_KEEP_ALIVE (DL-13, DL-14): close the connection. */
MQW_API int mqw_keepalive_check(mqw_keepalive *ka, uint32_t now, uint8_t *send, uint32_t *wait,
                                mqw_diag *diag);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup message Messages for people (lib/message.c)
 * @{ */

/** Where the diag of mqw_diag_format came from: its offset is a byte
 *  position only after a parse (or a check or mqw_frame), never after a
 *  build or a delivery-rules call, whose offset is always 0. */
enum {
    MQW_DIAG_PARSE = 0,  /**< a parser, mqw_frame or a check function */
    MQW_DIAG_BUILD = 1,  /**< a builder (or mqw_size): no byte position */
    MQW_DIAG_SESSION = 2 /**< a delivery-rules function: no byte position */
};

/** Write one line of text for people about a result and its diag:
 *    "A Topic Name must not contain '#' (PUB-3, MQTT-3.3.2-2) at byte 6"
 *  The sentence and the specification reference are those of the rule's
 *  row in docs/rules.md; without a rule (no diag, diag->rule NULL, or an id
 *  the table does not know) the sentence is the error's ("The packet is
 *  larger than the maximum packet size"); an unknown number gives
 *  "Unknown error code -99". " at byte N" (diag->offset) follows only for
 *  `from` MQW_DIAG_PARSE and an error that judges received bytes (-10 to
 *  -69), and "; dropped the Reason String ..." for a diag->dropped. The
 *  text is ASCII but for the section sign of some references (U+00A7, in
 *  UTF-8). A library built with -DMQW_NO_NAMES has no sentences and
 *  writes the constant instead, "MQW_ERR_TOPIC_NAME (PUB-3) at byte 6"; one
 *  built with -DMQW_NO_RULE_IDS writes no rule part. A program that never
 *  calls this function links none of its tables.
 *  Follows the snprintf contract, not the builders': with `cap` too small
 *  the message is cut, buf[cap - 1] is the terminating NUL, and the result
 *  is MQW_ERR_NOSPACE.
 *  @param buf   where the text goes, NUL-terminated whenever cap > 0; nothing
 *               is written at or after buf[cap]. May be NULL: a size query,
 *               whatever cap says.
 *  @param cap   bytes writable at buf, the NUL included.
 *  @param err   any int: the result the diag goes with.
 *  @param diag  NULL, or the diag of the call that returned `err`; only
 *               read.
 *  @param from  MQW_DIAG_PARSE, MQW_DIAG_BUILD or MQW_DIAG_SESSION; any
 *               value but MQW_DIAG_PARSE gives no byte position.
 *  @param len   NULL, or the length of the whole message without its NUL,
 *               whether or not it fit.
 *  @return MQW_OK when the whole message and its NUL fit in cap;
 *          MQW_ERR_NOSPACE otherwise (buf NULL included). */
MQW_API int mqw_diag_format(char *buf, size_t cap, int err, const mqw_diag *diag, int from,
                            size_t *len);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* MQTTWIRE_H */
