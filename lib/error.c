/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* Names and numbers for people and peers: error names, the MQTT 5 reason
 * code a receiver sends for each error, reason-code names and the list of
 * reason codes each packet may carry (docs/rules.md section 17). */
#include "wire.h"

/* see mqttwire.h */
const char *mqw_version(void)
{
    return MQW_VERSION_STRING;
}

/* see mqttwire.h */
const char *mqw_strerror(int err)
{
    switch (err) {
#define MQW_NAME(e)                                                                                \
    case e:                                                                                        \
        return #e
        MQW_NAME(MQW_OK);
        MQW_NAME(MQW_ERR_NEED_MORE);
        MQW_NAME(MQW_ERR_NOSPACE);
        MQW_NAME(MQW_ERR_FULL);
        MQW_NAME(MQW_ERR_MALFORMED);
        MQW_NAME(MQW_ERR_PACKET_TYPE);
        MQW_NAME(MQW_ERR_FLAGS);
        MQW_NAME(MQW_ERR_QOS);
        MQW_NAME(MQW_ERR_VARINT);
        MQW_NAME(MQW_ERR_SHORT);
        MQW_NAME(MQW_ERR_TRAILING);
        MQW_NAME(MQW_ERR_UTF8);
        MQW_NAME(MQW_ERR_TOPIC_NAME);
        MQW_NAME(MQW_ERR_TOPIC_FILTER);
        MQW_NAME(MQW_ERR_PROPERTY_ID);
        MQW_NAME(MQW_ERR_CONNECT_FLAGS);
        MQW_NAME(MQW_ERR_RESERVED);
        MQW_NAME(MQW_ERR_PROTOCOL);
        MQW_NAME(MQW_ERR_PACKET_ID);
        MQW_NAME(MQW_ERR_EMPTY);
        MQW_NAME(MQW_ERR_REASON_CODE);
        MQW_NAME(MQW_ERR_PROPERTY_NOT_ALLOWED);
        MQW_NAME(MQW_ERR_PROPERTY_DUPLICATE);
        MQW_NAME(MQW_ERR_PROPERTY_VALUE);
        MQW_NAME(MQW_ERR_DIRECTION);
        MQW_NAME(MQW_ERR_TOPIC_ALIAS);
        MQW_NAME(MQW_ERR_SESSION_PRESENT);
        MQW_NAME(MQW_ERR_SUB_OPTIONS);
        MQW_NAME(MQW_ERR_AUTH_METHOD);
        MQW_NAME(MQW_ERR_ACK_UNKNOWN);
        MQW_NAME(MQW_ERR_ACK_STATE);
        MQW_NAME(MQW_ERR_ACK_COUNT);
        MQW_NAME(MQW_ERR_RECEIVE_MAXIMUM);
        MQW_NAME(MQW_ERR_ALIAS_UNKNOWN);
        MQW_NAME(MQW_ERR_PROTOCOL_NAME);
        MQW_NAME(MQW_ERR_PROTOCOL_VERSION);
        MQW_NAME(MQW_ERR_CLIENT_ID);
        MQW_NAME(MQW_ERR_TOO_LARGE);
        MQW_NAME(MQW_ERR_PAYLOAD_UTF8);
        MQW_NAME(MQW_ERR_QUOTA);
        MQW_NAME(MQW_ERR_KEEP_ALIVE);
        MQW_NAME(MQW_ERR_RESEND_LIMIT);
        MQW_NAME(MQW_ERR_ARG);
        MQW_NAME(MQW_ERR_STATE);
#undef MQW_NAME
    default:
        return "MQW_ERR_?";
    }
}

/* see mqttwire.h */
uint8_t mqw_reason_code(int err)
{
    switch (err) {
    case MQW_ERR_TOPIC_NAME:
        return 0x90;
    case MQW_ERR_TOPIC_FILTER:
        return 0x8F;
    case MQW_ERR_TOPIC_ALIAS:
        return 0x94;
    case MQW_ERR_PROTOCOL_NAME:
    case MQW_ERR_PROTOCOL_VERSION:
        return 0x84;
    case MQW_ERR_CLIENT_ID:
        return 0x85;
    case MQW_ERR_TOO_LARGE:
        return 0x95;
    case MQW_ERR_PAYLOAD_UTF8:
        return 0x99;
    case MQW_ERR_RECEIVE_MAXIMUM:
        return 0x93;
    case MQW_ERR_QUOTA:
        return 0x97;
    case MQW_ERR_KEEP_ALIVE:
        return 0x8D;
    default:
        break;
    }
    if (err <= -10 && err > -30)
        return 0x81;
    if (err <= -30 && err > -50)
        return 0x82;
    return 0;
}

#define P(t) (1u << (t))
#define P_PUBACKREC (P(MQW_PUBACK) | P(MQW_PUBREC))
#define P_PUBRELCOMP (P(MQW_PUBREL) | P(MQW_PUBCOMP))
#define P_ALL_SUCCESS                                                                              \
    (P(MQW_CONNACK) | P_PUBACKREC | P_PUBRELCOMP | P(MQW_SUBACK) | P(MQW_UNSUBACK) |               \
     P(MQW_DISCONNECT) | P(MQW_AUTH))
#define P_REFUSALS                                                                                 \
    (P(MQW_CONNACK) | P_PUBACKREC | P(MQW_SUBACK) | P(MQW_UNSUBACK) | P(MQW_DISCONNECT))

/* 5.0 §2.4 and the per-packet tables of chapter 3, one row per code:
 * the code, the P() bits of the packets that may carry it, its name. 0x8C
 * is listed for DISCONNECT only by §2.4; it is accepted on parse (C-26)
 * and the DISCONNECT builder refuses it. The one list serves the names
 * and the per-packet check. */
#define MQW_REASONS(X)                                                                             \
    X(0x00, P_ALL_SUCCESS, "Success")                                                              \
    X(0x01, P(MQW_SUBACK), "Granted QoS 1")                                                        \
    X(0x02, P(MQW_SUBACK), "Granted QoS 2")                                                        \
    X(0x04, P(MQW_DISCONNECT), "Disconnect with Will Message")                                     \
    X(0x10, P_PUBACKREC, "No matching subscribers")                                                \
    X(0x11, P(MQW_UNSUBACK), "No subscription existed")                                            \
    X(0x18, P(MQW_AUTH), "Continue authentication")                                                \
    X(0x19, P(MQW_AUTH), "Re-authenticate")                                                        \
    X(0x80, P_REFUSALS, "Unspecified error")                                                       \
    X(0x81, P(MQW_CONNACK) | P(MQW_DISCONNECT), "Malformed Packet")                                \
    X(0x82, P(MQW_CONNACK) | P(MQW_DISCONNECT), "Protocol Error")                                  \
    X(0x83, P_REFUSALS, "Implementation specific error")                                           \
    X(0x84, P(MQW_CONNACK), "Unsupported Protocol Version")                                        \
    X(0x85, P(MQW_CONNACK), "Client Identifier not valid")                                         \
    X(0x86, P(MQW_CONNACK), "Bad User Name or Password")                                           \
    X(0x87, P_REFUSALS, "Not authorized")                                                          \
    X(0x88, P(MQW_CONNACK), "Server unavailable")                                                  \
    X(0x89, P(MQW_CONNACK) | P(MQW_DISCONNECT), "Server busy")                                     \
    X(0x8A, P(MQW_CONNACK), "Banned")                                                              \
    X(0x8B, P(MQW_DISCONNECT), "Server shutting down")                                             \
    X(0x8C, P(MQW_CONNACK) | P(MQW_DISCONNECT), "Bad authentication method")                       \
    X(0x8D, P(MQW_DISCONNECT), "Keep Alive timeout")                                               \
    X(0x8E, P(MQW_DISCONNECT), "Session taken over")                                               \
    X(0x8F, P(MQW_SUBACK) | P(MQW_UNSUBACK) | P(MQW_DISCONNECT), "Topic Filter invalid")           \
    X(0x90, P(MQW_CONNACK) | P_PUBACKREC | P(MQW_DISCONNECT), "Topic Name invalid")                \
    X(0x91, P_PUBACKREC | P(MQW_SUBACK) | P(MQW_UNSUBACK), "Packet Identifier in use")             \
    X(0x92, P_PUBRELCOMP, "Packet Identifier not found")                                           \
    X(0x93, P(MQW_DISCONNECT), "Receive Maximum exceeded")                                         \
    X(0x94, P(MQW_DISCONNECT), "Topic Alias invalid")                                              \
    X(0x95, P(MQW_CONNACK) | P(MQW_DISCONNECT), "Packet too large")                                \
    X(0x96, P(MQW_DISCONNECT), "Message rate too high")                                            \
    X(0x97, P(MQW_CONNACK) | P_PUBACKREC | P(MQW_SUBACK) | P(MQW_DISCONNECT), "Quota exceeded")    \
    X(0x98, P(MQW_DISCONNECT), "Administrative action")                                            \
    X(0x99, P(MQW_CONNACK) | P_PUBACKREC | P(MQW_DISCONNECT), "Payload format invalid")            \
    X(0x9A, P(MQW_CONNACK) | P(MQW_DISCONNECT), "Retain not supported")                            \
    X(0x9B, P(MQW_CONNACK) | P(MQW_DISCONNECT), "QoS not supported")                               \
    X(0x9C, P(MQW_CONNACK) | P(MQW_DISCONNECT), "Use another server")                              \
    X(0x9D, P(MQW_CONNACK) | P(MQW_DISCONNECT), "Server moved")                                    \
    X(0x9E, P(MQW_SUBACK) | P(MQW_DISCONNECT), "Shared Subscriptions not supported")               \
    X(0x9F, P(MQW_CONNACK) | P(MQW_DISCONNECT), "Connection rate exceeded")                        \
    X(0xA0, P(MQW_DISCONNECT), "Maximum connect time")                                             \
    X(0xA1, P(MQW_SUBACK) | P(MQW_DISCONNECT), "Subscription Identifiers not supported")           \
    X(0xA2, P(MQW_SUBACK) | P(MQW_DISCONNECT), "Wildcard Subscriptions not supported")

typedef struct mqw_reason_def {
    uint8_t code;
    uint16_t packets;
#if MQW_WITH_NAMES
    const char *name;
#endif
} mqw_reason_def;

/* The list: the names, and the per-packet check in a build for size. */
#define MQW_REASON_LIST (MQW_WITH_NAMES || (!MQW_FAST_PATHS && MQW_WITH_V5))
#if MQW_REASON_LIST
/* 43 of 256 codes: a list rather than a table indexed by code. */
static const mqw_reason_def mqw_reasons[] = {
#define MQW_REASON_ROW(code, packets, name) {code, packets MQW_NAMED(name)},
    MQW_REASONS(MQW_REASON_ROW)
#undef MQW_REASON_ROW
};

static const mqw_reason_def *mqw_reason_lookup(uint8_t code)
{
    /* Without 5.0 (MQW_NO_V5) no packet carries a reason code: the list
     * goes, and every code is unknown. */
    for (size_t i = 0; MQW_WITH_V5 && i < sizeof mqw_reasons / sizeof mqw_reasons[0]; i++)
        if (mqw_reasons[i].code == code)
            return &mqw_reasons[i];
    return NULL;
}
#endif

/* The packets that may carry `code`. Where speed is wanted, a switch over
 * the list, which the compiler makes one bounded table load (the acks and
 * CONNACK ask on their hot paths); in a build for size, the list walk. */
static uint16_t mqw_reason_packets(uint8_t code)
{
#if !MQW_WITH_V5
    (void)code; /* no packet carries a reason code */
    return 0;
#elif MQW_FAST_PATHS
    switch (code) {
#define MQW_REASON_CASE(c, packets, name)                                                          \
    case c:                                                                                        \
        return packets;
        MQW_REASONS(MQW_REASON_CASE)
#undef MQW_REASON_CASE
    default:
        return 0;
    }
#else
    const mqw_reason_def *r = mqw_reason_lookup(code);
    return r ? r->packets : 0;
#endif
}

/* see wire.h */
bool mqw_reason_allowed(int type, uint8_t code)
{
    return type > 0 && type < 16 && (mqw_reason_packets(code) & P(type)) != 0;
}

/* see mqttwire.h */
const char *mqw_reason_string(uint8_t code)
{
#if MQW_WITH_NAMES
    const mqw_reason_def *r = mqw_reason_lookup(code);
    return r ? r->name : "Unknown reason code";
#else
    (void)code; /* MQW_NO_NAMES */
    return "?";
#endif
}

/* see mqttwire.h */
const char *mqw_packet_name(int type)
{
#if !MQW_WITH_NAMES
    (void)type; /* MQW_NO_NAMES */
    return "?";
#else
    static const char *const names[16] = {
        "?",       "CONNECT",  "CONNACK",    "PUBLISH", "PUBACK",      "PUBREC",
        "PUBREL",  "PUBCOMP",  "SUBSCRIBE",  "SUBACK",  "UNSUBSCRIBE", "UNSUBACK",
        "PINGREQ", "PINGRESP", "DISCONNECT", "AUTH",
    };
    return type >= 0 && type < 16 ? names[type] : "?";
#endif
}
