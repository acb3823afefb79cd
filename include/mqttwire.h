/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * mqttwire -- parse and build every MQTT control packet (3.1, 3.1.1, 5.0).
 *
 * Stateless, allocation-free, zero-copy. Every function is a pure function of
 * its arguments: no globals, no malloc, no errno, no locale, no I/O.
 *
 * Conventions used by every function below:
 *
 *  - Parsers take the bytes of one packet starting at its fixed header:
 *    (buf, len, out, version, lim, diag, used). They never read before `buf`
 *    or at/after `buf + len`, and never past the packet's own Remaining
 *    Length (bytes after it belong to the next packet). Three outcomes:
 *      MQW_OK             `out` filled, `*used` = the packet's total length;
 *      MQW_ERR_NEED_MORE  `*used` = the smallest total length that could
 *                         complete the packet given the bytes seen so far;
 *      any other error    `diag` (if given) says where and why.
 *    Every view (mqw_bytes) a parser returns points into `buf` and is valid
 *    while `buf` is. Once a parser has returned MQW_OK, the iterators over
 *    the packet's lists and properties cannot fail.
 *
 *  - Builders take (buf, cap, in, version, lim, diag, len) and follow the
 *    snprintf contract: on MQW_OK the packet occupies buf[0 .. *len); with
 *    `cap` too small nothing is written at or after buf[cap], the result is
 *    MQW_ERR_NOSPACE and `*len` is the size needed. buf == NULL with cap == 0
 *    is the size query (returns MQW_ERR_NOSPACE and sets *len). A builder
 *    refuses (returns an error, `*len` = 0) to produce a packet that a
 *    conforming parser would reject; it never emits malformed bytes.
 *
 *  - `version` is MQW_V31, MQW_V311 or MQW_V5 (the protocol level). CONNECT
 *    carries its own version; every other packet is parsed and built for the
 *    version the caller passes.
 *
 *  - `lim` may be NULL (defaults); `diag` may be NULL; `used`/`len` may be
 *    NULL when the caller does not need the length.
 *
 *  - Rule ids such as "FH-17" refer to the rows of CONFORMANCE.md shipped
 *    with the sources.
 */
#ifndef MQTTWIRE_H
#define MQTTWIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define MQW_VERSION_MAJOR 0
#define MQW_VERSION_MINOR 1
#define MQW_VERSION_PATCH 0
#define MQW_VERSION_STRING "0.1.0"

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
 *  it was built with. */
MQW_API const char *mqw_version(void);

/* ------------------------------------------------------------------------
 * Errors
 *
 * Numbers are fixed and never reused. Groups: -1..-9 incomplete / space;
 * -10..-29 malformed packet (5.0 reason 0x81 unless mqw_reason_code says
 * otherwise); -30..-49 protocol error (0x82 unless said otherwise); -50..-59
 * a CONNECT the receiver must refuse with a CONNACK; -60..-69 limits;
 * -70..-79 caller mistakes.
 * ------------------------------------------------------------------------ */
enum {
    MQW_OK = 0,

    MQW_ERR_NEED_MORE = -1, /**< input incomplete; `*used` = bytes needed */
    MQW_ERR_NOSPACE = -2,   /**< output too small; `*len` = bytes needed */

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

    MQW_ERR_PROTOCOL_NAME = -50,    /**< CONNECT protocol name unknown (0x84) */
    MQW_ERR_PROTOCOL_VERSION = -51, /**< CONNECT protocol level unsupported (0x84) */
    MQW_ERR_CLIENT_ID = -52,        /**< Client Identifier must be refused (0x85) */

    MQW_ERR_TOO_LARGE = -60,    /**< packet larger than the maximum (0x95) */
    MQW_ERR_PAYLOAD_UTF8 = -61, /**< payload marked UTF-8 is not (0x99) */

    MQW_ERR_ARG = -70 /**< invalid argument (bad version, NULL view, > 65535 ...) */
};

/** Constant name of an error code ("MQW_ERR_SHORT"), "MQW_OK" for 0, and
 *  "MQW_ERR_?" for a number that is not a code. Never NULL. */
MQW_API const char *mqw_strerror(int err);

/** The MQTT 5 reason code a receiver should send (in CONNACK or DISCONNECT)
 *  for a parse error: 0x81 Malformed Packet, 0x82 Protocol Error, 0x84
 *  Unsupported Protocol Version, 0x85 Client Identifier not valid, 0x8F Topic
 *  Filter invalid, 0x90 Topic Name invalid, 0x94 Topic Alias invalid, 0x95
 *  Packet too large, 0x99 Payload format invalid. 0 for MQW_OK and for codes
 *  that are not a verdict on received bytes (NEED_MORE, NOSPACE, ARG). */
MQW_API uint8_t mqw_reason_code(int err);

/** Name of an MQTT 5 reason code for logs ("Packet Identifier not found").
 *  Codes whose meaning depends on the packet (0x00) use the generic name
 *  ("Success"). "Unknown reason code" for codes no packet defines. */
MQW_API const char *mqw_reason_string(uint8_t code);

/* ------------------------------------------------------------------------
 * Views, versions, options, diagnostics
 * ------------------------------------------------------------------------ */

/** A view of bytes owned by somebody else. Parsers return views into the
 *  input buffer; builders read views the caller provides. ptr may be NULL
 *  only when len is 0. Nothing requires NUL termination. */
typedef struct mqw_bytes {
    const uint8_t *ptr;
    size_t len;
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
enum { MQW_V31 = 3, MQW_V311 = 4, MQW_V5 = 5 };

/** Packet types: the high nibble of the first byte. */
enum {
    MQW_CONNECT = 1,
    MQW_CONNACK = 2,
    MQW_PUBLISH = 3,
    MQW_PUBACK = 4,
    MQW_PUBREC = 5,
    MQW_PUBREL = 6,
    MQW_PUBCOMP = 7,
    MQW_SUBSCRIBE = 8,
    MQW_SUBACK = 9,
    MQW_UNSUBSCRIBE = 10,
    MQW_UNSUBACK = 11,
    MQW_PINGREQ = 12,
    MQW_PINGRESP = 13,
    MQW_DISCONNECT = 14,
    MQW_AUTH = 15
};

/** Name of a packet type ("PUBLISH"), "?" for 0 and values > 15. */
MQW_API const char *mqw_packet_name(int type);

/** Roles for mqw_limits.role: the side the caller is on. A parser with a
 *  role rejects packets that the peer may not send to it; a builder with a
 *  role refuses packets that the caller may not send (CONFORMANCE C-17). */
enum { MQW_ROLE_ANY = 0, MQW_ROLE_CLIENT = 1, MQW_ROLE_SERVER = 2 };

/** Option bits for mqw_limits.flags. 0 gives the recommended defaults of
 *  CONFORMANCE section 21; each bit moves one choice away from them. */
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

    /* Checks that are OFF by default; the bit turns them on. */
    MQW_STRICT_UTF8 = 1u << 8,          /**< reject control chars, non-characters (STR-8) */
    MQW_STRICT_FILTERS = 1u << 9,       /**< reject a packet with a bad filter (C-10) */
    MQW_STRICT_CONNACK_CODE = 1u << 10, /**< 3.x: reject CONNACK codes 6..255 (CA-3) */
    MQW_STRICT_AUTH_LENGTH = 1u << 11,  /**< reject AUTH with RL 1 (PDA-6) */
    MQW_STRICT_V31 = 1u << 12,          /**< 3.1: unused bits must be 0, no empty lists */
    MQW_STRICT_PAYLOAD_UTF8 = 1u << 13, /**< check payloads marked UTF-8 (C-13) */
    MQW_ALLOW_BRIDGE = 1u << 14,        /**< accept level | 0x80 (mosquitto bridges, CN-6) */

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
enum { MQW_DROPPED_REASON_STRING = 1u << 0, MQW_DROPPED_USER_PROPERTY = 1u << 1 };

/** Where and why. Parsers set `offset` to the offset from `buf` of the first
 *  byte that breaks the rule (for a field that runs past its end: the first
 *  byte of its length or of the field; for surplus bytes: the first surplus
 *  byte; for bad UTF-8: the first byte of the bad sequence) and `rule` to the
 *  CONFORMANCE row id ("FH-17"), or NULL when no row applies. Builders set
 *  offset 0 and the rule the input would break. `dropped` is set by
 *  builders (MQW_DROPPED_* bits) and is 0 after a parse. */
typedef struct mqw_diag {
    size_t offset;
    const char *rule;
    unsigned dropped;
} mqw_diag;

/* ------------------------------------------------------------------------
 * MQTT 5 properties
 * ------------------------------------------------------------------------ */

/** Property identifiers (5.0 Table 2-4). */
enum {
    MQW_PROP_PAYLOAD_FORMAT_INDICATOR = 0x01,
    MQW_PROP_MESSAGE_EXPIRY_INTERVAL = 0x02,
    MQW_PROP_CONTENT_TYPE = 0x03,
    MQW_PROP_RESPONSE_TOPIC = 0x08,
    MQW_PROP_CORRELATION_DATA = 0x09,
    MQW_PROP_SUBSCRIPTION_IDENTIFIER = 0x0B,
    MQW_PROP_SESSION_EXPIRY_INTERVAL = 0x11,
    MQW_PROP_ASSIGNED_CLIENT_IDENTIFIER = 0x12,
    MQW_PROP_SERVER_KEEP_ALIVE = 0x13,
    MQW_PROP_AUTHENTICATION_METHOD = 0x15,
    MQW_PROP_AUTHENTICATION_DATA = 0x16,
    MQW_PROP_REQUEST_PROBLEM_INFORMATION = 0x17,
    MQW_PROP_WILL_DELAY_INTERVAL = 0x18,
    MQW_PROP_REQUEST_RESPONSE_INFORMATION = 0x19,
    MQW_PROP_RESPONSE_INFORMATION = 0x1A,
    MQW_PROP_SERVER_REFERENCE = 0x1C,
    MQW_PROP_REASON_STRING = 0x1F,
    MQW_PROP_RECEIVE_MAXIMUM = 0x21,
    MQW_PROP_TOPIC_ALIAS_MAXIMUM = 0x22,
    MQW_PROP_TOPIC_ALIAS = 0x23,
    MQW_PROP_MAXIMUM_QOS = 0x24,
    MQW_PROP_RETAIN_AVAILABLE = 0x25,
    MQW_PROP_USER_PROPERTY = 0x26,
    MQW_PROP_MAXIMUM_PACKET_SIZE = 0x27,
    MQW_PROP_WILDCARD_SUBSCRIPTION_AVAILABLE = 0x28,
    MQW_PROP_SUBSCRIPTION_IDENTIFIER_AVAILABLE = 0x29,
    MQW_PROP_SHARED_SUBSCRIPTION_AVAILABLE = 0x2A
};

/** Property value types. */
enum {
    MQW_PTYPE_NONE = 0, /**< not a property identifier */
    MQW_PTYPE_BYTE,
    MQW_PTYPE_U16,
    MQW_PTYPE_U32,
    MQW_PTYPE_VARINT,
    MQW_PTYPE_STRING,
    MQW_PTYPE_BINARY,
    MQW_PTYPE_PAIR
};

/** One property, both directions. The member of `v` that is used follows
 *  from the identifier's type (mqw_property_type). */
typedef struct mqw_property {
    uint8_t id;
    union {
        uint32_t num;    /**< BYTE, U16, U32, VARINT */
        mqw_bytes bytes; /**< STRING, BINARY */
        struct {
            mqw_bytes name, value;
        } pair; /**< PAIR (User Property) */
    } v;
} mqw_property;

/** The property block of a packet (or of a Will).
 *  Parse: `raw` views the validated block (without its Property Length),
 *  `list` is NULL and `n` counts the properties.
 *  Build: if `list` is not NULL its `n` properties are written in order;
 *  otherwise `raw` is validated as for a parse and copied (so a parsed
 *  packet rebuilds as it is). A zeroed mqw_props means "no properties". */
typedef struct mqw_props {
    mqw_bytes raw;
    const mqw_property *list;
    size_t n;
} mqw_props;

/** Iterator state for property blocks and packet lists; lives on the
 *  caller's stack, no cleanup. */
typedef struct mqw_iter {
    const uint8_t *p;
    const uint8_t *end;
    uint8_t version;
} mqw_iter;

/** Start iterating the `raw` block of `props`, which must come from a
 *  successful parse (for a builder's `list`, index the array directly;
 *  mqw_props_find handles both forms). */
MQW_API void mqw_props_iter(mqw_iter *it, const mqw_props *props);
/** Next property in wire order into *out; false at the end. Only for raw
 *  blocks: for a `list`, index it directly. */
MQW_API bool mqw_props_next(mqw_iter *it, mqw_property *out);
/** First property with identifier `id` into *out (may be NULL); false if
 *  there is none. Works on both `raw` and `list` forms. */
MQW_API bool mqw_props_find(const mqw_props *props, uint8_t id, mqw_property *out);
/** The value type of a property identifier, MQW_PTYPE_NONE if unknown. */
MQW_API int mqw_property_type(uint8_t id);
/** Name of a property identifier ("Topic Alias"), "?" if unknown. */
MQW_API const char *mqw_property_name(uint8_t id);

/* ------------------------------------------------------------------------
 * CONNECT, CONNACK (lib/connect.c)
 * ------------------------------------------------------------------------ */

typedef struct mqw_connect {
    uint8_t version;         /**< protocol level: MQW_V31, MQW_V311, MQW_V5 */
    bool bridge;             /**< level had bit 7 set (MQW_ALLOW_BRIDGE) */
    bool clean_start;        /**< Clean Session (3.x) / Clean Start (5.0) */
    uint16_t keep_alive;     /**< seconds, 0 = off */
    mqw_bytes protocol_name; /**< parse: as received; build: ignored */
    mqw_props props;         /**< 5.0 */
    mqw_bytes client_id;
    bool will; /**< Will Flag */
    uint8_t will_qos;
    bool will_retain;
    mqw_props will_props; /**< 5.0 */
    mqw_bytes will_topic;
    mqw_bytes will_payload;
    bool has_username;
    mqw_bytes username;
    bool has_password;
    mqw_bytes password;
} mqw_connect;

/** Parse a CONNECT; the version comes from the packet (out->version).
 *  Returns MQW_OK, NEED_MORE, or a malformed/protocol code as listed in
 *  CONFORMANCE sections 1-6, 15, 16, 18, 19. Three codes carry a filled
 *  `out` so the caller can answer with a CONNACK:
 *    MQW_ERR_PROTOCOL_NAME     (CN-1) out->protocol_name set; close.
 *    MQW_ERR_PROTOCOL_VERSION  (CN-2..4, CN-6) name and version set; answer
 *                              3.x return code 0x01 or 5.0 reason 0x84.
 *    MQW_ERR_CLIENT_ID         (CF-16, 31-2, 31-3) the whole packet parsed;
 *                              answer return code 0x02 / reason 0x85. */
MQW_API int mqw_connect_parse(const uint8_t *buf, size_t len, mqw_connect *out,
                              const mqw_limits *lim, mqw_diag *diag, size_t *used);
/** Build a CONNECT for in->version. The protocol name is written from the
 *  version; the flags from the fields. */
MQW_API int mqw_connect_build(uint8_t *buf, size_t cap, const mqw_connect *in,
                              const mqw_limits *lim, mqw_diag *diag, size_t *len);

typedef struct mqw_connack {
    bool session_present; /**< always false on 3.1 (31-9) */
    uint8_t code;         /**< 3.x return code / 5.0 reason code */
    mqw_props props;      /**< 5.0 */
} mqw_connack;

MQW_API int mqw_connack_parse(const uint8_t *buf, size_t len, mqw_connack *out, int version,
                              const mqw_limits *lim, mqw_diag *diag, size_t *used);
MQW_API int mqw_connack_build(uint8_t *buf, size_t cap, const mqw_connack *in, int version,
                              const mqw_limits *lim, mqw_diag *diag, size_t *len);

/* ------------------------------------------------------------------------
 * PUBLISH and its acknowledgements (lib/publish.c)
 * ------------------------------------------------------------------------ */

typedef struct mqw_publish {
    uint8_t qos; /**< 0, 1, 2 */
    bool dup;
    bool retain;
    uint16_t packet_id; /**< QoS > 0 only; 0 otherwise */
    mqw_bytes topic;
    mqw_props props; /**< 5.0 */
    mqw_bytes payload;
} mqw_publish;

MQW_API int mqw_publish_parse(const uint8_t *buf, size_t len, mqw_publish *out, int version,
                              const mqw_limits *lim, mqw_diag *diag, size_t *used);
MQW_API int mqw_publish_build(uint8_t *buf, size_t cap, const mqw_publish *in, int version,
                              const mqw_limits *lim, mqw_diag *diag, size_t *len);
/** Like mqw_publish_build but writes only the bytes before the payload; the
 *  Remaining Length still counts in->payload.len, so header + payload sent
 *  back to back (writev) form the packet. in->payload.ptr may be NULL. */
MQW_API int mqw_publish_build_header(uint8_t *buf, size_t cap, const mqw_publish *in, int version,
                                     const mqw_limits *lim, mqw_diag *diag, size_t *len);

/** PUBACK, PUBREC, PUBREL, PUBCOMP. */
typedef struct mqw_ack {
    uint8_t type; /**< MQW_PUBACK, MQW_PUBREC, MQW_PUBREL or MQW_PUBCOMP */
    bool dup;     /**< 3.1 PUBREL only (31-12) */
    uint16_t packet_id;
    uint8_t code;    /**< 5.0 reason code (0 when absent) */
    mqw_props props; /**< 5.0 */
} mqw_ack;

/** Parse any of the four acks; out->type says which. */
MQW_API int mqw_ack_parse(const uint8_t *buf, size_t len, mqw_ack *out, int version,
                          const mqw_limits *lim, mqw_diag *diag, size_t *used);
/** Build the ack in->type, in its shortest legal form (C-15). */
MQW_API int mqw_ack_build(uint8_t *buf, size_t cap, const mqw_ack *in, int version,
                          const mqw_limits *lim, mqw_diag *diag, size_t *len);

/* ------------------------------------------------------------------------
 * SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK (lib/subscribe.c)
 * ------------------------------------------------------------------------ */

/** One Topic Filter with its options (SUBSCRIBE) or alone (UNSUBSCRIBE). */
typedef struct mqw_subscription {
    mqw_bytes filter;
    uint8_t qos;              /**< requested / maximum QoS */
    bool no_local;            /**< 5.0 */
    bool retain_as_published; /**< 5.0 */
    uint8_t retain_handling;  /**< 5.0: 0, 1, 2 */
    /** Parse: MQW_OK, or MQW_ERR_TOPIC_FILTER when this filter breaks the
     *  filter syntax (C-10: the packet still parses; answer 0x80 / 0x8F for
     *  it). Ignored by builders. */
    int status;
} mqw_subscription;

typedef struct mqw_subscribe {
    uint16_t packet_id;
    bool dup;        /**< 3.1 only (31-12) */
    mqw_props props; /**< 5.0 */
    /** Parse: NULL. Build: the `n` subscriptions to write. */
    const mqw_subscription *subs;
    /** Parse: view of the validated list (iterate it with mqw_subscribe_iter).
     *  Build: used when `subs` is NULL, validated and copied. */
    mqw_bytes list;
    size_t n; /**< number of subscriptions */
} mqw_subscribe;

MQW_API int mqw_subscribe_parse(const uint8_t *buf, size_t len, mqw_subscribe *out, int version,
                                const mqw_limits *lim, mqw_diag *diag, size_t *used);
MQW_API int mqw_subscribe_build(uint8_t *buf, size_t cap, const mqw_subscribe *in, int version,
                                const mqw_limits *lim, mqw_diag *diag, size_t *len);
/** Iterate a parsed SUBSCRIBE's list (`version` as given to the parser). */
MQW_API void mqw_subscribe_iter(mqw_iter *it, const mqw_subscribe *sub, int version);
MQW_API bool mqw_subscribe_next(mqw_iter *it, mqw_subscription *out);

typedef struct mqw_suback {
    uint16_t packet_id;
    mqw_props props; /**< 5.0 */
    /** One return/reason code per filter. Parse: view into the packet;
     *  build: the caller's array. */
    mqw_bytes codes;
} mqw_suback;

MQW_API int mqw_suback_parse(const uint8_t *buf, size_t len, mqw_suback *out, int version,
                             const mqw_limits *lim, mqw_diag *diag, size_t *used);
MQW_API int mqw_suback_build(uint8_t *buf, size_t cap, const mqw_suback *in, int version,
                             const mqw_limits *lim, mqw_diag *diag, size_t *len);

typedef struct mqw_unsubscribe {
    uint16_t packet_id;
    bool dup;                 /**< 3.1 only */
    mqw_props props;          /**< 5.0 */
    const mqw_bytes *filters; /**< build: the `n` filters; parse: NULL */
    mqw_bytes list;           /**< as mqw_subscribe.list */
    size_t n;
} mqw_unsubscribe;

MQW_API int mqw_unsubscribe_parse(const uint8_t *buf, size_t len, mqw_unsubscribe *out, int version,
                                  const mqw_limits *lim, mqw_diag *diag, size_t *used);
MQW_API int mqw_unsubscribe_build(uint8_t *buf, size_t cap, const mqw_unsubscribe *in, int version,
                                  const mqw_limits *lim, mqw_diag *diag, size_t *len);
/** Iterate a parsed UNSUBSCRIBE's filters; options in *out are 0. */
MQW_API void mqw_unsubscribe_iter(mqw_iter *it, const mqw_unsubscribe *unsub, int version);
MQW_API bool mqw_unsubscribe_next(mqw_iter *it, mqw_subscription *out);

typedef struct mqw_unsuback {
    uint16_t packet_id;
    mqw_props props; /**< 5.0 */
    mqw_bytes codes; /**< 5.0: one reason code per filter; empty on 3.x */
} mqw_unsuback;

MQW_API int mqw_unsuback_parse(const uint8_t *buf, size_t len, mqw_unsuback *out, int version,
                               const mqw_limits *lim, mqw_diag *diag, size_t *used);
MQW_API int mqw_unsuback_build(uint8_t *buf, size_t cap, const mqw_unsuback *in, int version,
                               const mqw_limits *lim, mqw_diag *diag, size_t *len);

/* ------------------------------------------------------------------------
 * PINGREQ, PINGRESP, DISCONNECT, AUTH (lib/control.c)
 * ------------------------------------------------------------------------ */

/** DISCONNECT and AUTH share a layout: an optional reason code and
 *  optional properties (5.0); 3.x DISCONNECT is empty. */
typedef struct mqw_disconnect {
    uint8_t code;
    mqw_props props;
} mqw_disconnect;
typedef mqw_disconnect mqw_auth;

MQW_API int mqw_disconnect_parse(const uint8_t *buf, size_t len, mqw_disconnect *out, int version,
                                 const mqw_limits *lim, mqw_diag *diag, size_t *used);
MQW_API int mqw_disconnect_build(uint8_t *buf, size_t cap, const mqw_disconnect *in, int version,
                                 const mqw_limits *lim, mqw_diag *diag, size_t *len);
/** AUTH exists only in 5.0: other versions give MQW_ERR_PACKET_TYPE. */
MQW_API int mqw_auth_parse(const uint8_t *buf, size_t len, mqw_auth *out, int version,
                           const mqw_limits *lim, mqw_diag *diag, size_t *used);
MQW_API int mqw_auth_build(uint8_t *buf, size_t cap, const mqw_auth *in, int version,
                           const mqw_limits *lim, mqw_diag *diag, size_t *len);
/** PINGREQ or PINGRESP (`type`): two fixed bytes. */
MQW_API int mqw_ping_parse(const uint8_t *buf, size_t len, int type, int version,
                           const mqw_limits *lim, mqw_diag *diag, size_t *used);
MQW_API int mqw_ping_build(uint8_t *buf, size_t cap, int type, int version, const mqw_limits *lim,
                           mqw_diag *diag, size_t *len);

/* ------------------------------------------------------------------------
 * Framing and dispatch (lib/frame.c, lib/packet.c)
 * ------------------------------------------------------------------------ */

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
 *  version. */
MQW_API int mqw_frame(const uint8_t *buf, size_t len, mqw_frame_info *out, int version,
                      const mqw_limits *lim, mqw_diag *diag, size_t *used);

/** Any packet. `type` selects the member of `u`; PINGREQ and PINGRESP use
 *  none. For the four acks u.ack.type is set by parse and ignored by build
 *  (type wins). */
typedef struct mqw_packet {
    uint8_t type;
    union {
        mqw_connect connect;
        mqw_connack connack;
        mqw_publish publish;
        mqw_ack ack;
        mqw_subscribe subscribe;
        mqw_suback suback;
        mqw_unsubscribe unsubscribe;
        mqw_unsuback unsuback;
        mqw_disconnect disconnect;
        mqw_auth auth;
    } u;
} mqw_packet;

/** Parse whichever packet starts at buf (for CONNECT `version` is ignored
 *  and out->u.connect.version is the packet's). Codes as per kind. */
MQW_API int mqw_parse(const uint8_t *buf, size_t len, mqw_packet *out, int version,
                      const mqw_limits *lim, mqw_diag *diag, size_t *used);
/** Build pkt->type (for CONNECT `version` is ignored). Codes as per kind,
 *  MQW_ERR_PACKET_TYPE for a type outside 1..15 (or 15 before 5.0). */
MQW_API int mqw_build(uint8_t *buf, size_t cap, const mqw_packet *pkt, int version,
                      const mqw_limits *lim, mqw_diag *diag, size_t *len);
/** Size of the packet mqw_build would write: MQW_OK and *len, or the error
 *  mqw_build would return. */
MQW_API int mqw_size(const mqw_packet *pkt, int version, const mqw_limits *lim, size_t *len);

/* ------------------------------------------------------------------------
 * UTF-8 and topics (lib/utf8.c, lib/topic.c)
 * ------------------------------------------------------------------------ */

/** Check an MQTT UTF-8 string: well-formed UTF-8 (RFC 3629), no U+0000,
 *  and with MQW_STRICT_UTF8 in `flags` no control characters U+0001..001F,
 *  U+007F..009F and no non-characters. MQW_OK or MQW_ERR_UTF8 with
 *  diag->offset relative to s.ptr and diag->rule the STR row; MQW_ERR_ARG
 *  for a NULL pointer with a non-zero length. */
MQW_API int mqw_utf8_check(mqw_bytes s, uint32_t flags, mqw_diag *diag);

/** Check a Topic Name: UTF-8 as above, no '+' or '#', not empty.
 *  MQW_OK, MQW_ERR_UTF8 or MQW_ERR_TOPIC_NAME (diag: offset in the name and
 *  row); MQW_ERR_ARG for a NULL pointer with a non-zero length. */
MQW_API int mqw_topic_name_check(mqw_bytes name, uint32_t flags, mqw_diag *diag);

/** Check a Topic Filter: UTF-8, not empty, '#' only last and alone in its
 *  level, '+' alone in its level; for MQW_V5 the $share/<name>/<filter>
 *  rules (TF-9..13). MQW_OK, MQW_ERR_UTF8 or MQW_ERR_TOPIC_FILTER (diag:
 *  offset in the filter and row); MQW_ERR_ARG for a NULL pointer with a
 *  non-zero length or an unknown version. */
MQW_API int mqw_topic_filter_check(mqw_bytes filter, int version, uint32_t flags, mqw_diag *diag);

/** Whether Topic Name `name` matches Topic Filter `filter` (both assumed
 *  valid). A filter starting with a wildcard does not match a name starting
 *  with '$'. A 5.0 shared filter must be split first (mqw_topic_share). */
MQW_API bool mqw_topic_matches(mqw_bytes filter, mqw_bytes name);

/** Whether `filter` starts with "$share/" (a 5.0 shared subscription); if
 *  so, *group and *inner (either may be NULL) receive the ShareName and the
 *  filter after it (empty when the filter has no '/' after the name; check
 *  the filter with mqw_topic_filter_check first). */
MQW_API bool mqw_topic_share(mqw_bytes filter, mqw_bytes *group, mqw_bytes *inner);

#ifdef __cplusplus
}
#endif

#endif /* MQTTWIRE_H */
