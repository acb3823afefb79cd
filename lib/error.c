/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* Names and numbers for people and peers: error names, the MQTT 5 reason
 * code a receiver sends for each error, reason-code names and the list of
 * reason codes each packet may carry (CONFORMANCE section 17). */
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
        MQW_NAME(MQW_ERR_PROTOCOL_NAME);
        MQW_NAME(MQW_ERR_PROTOCOL_VERSION);
        MQW_NAME(MQW_ERR_CLIENT_ID);
        MQW_NAME(MQW_ERR_TOO_LARGE);
        MQW_NAME(MQW_ERR_PAYLOAD_UTF8);
        MQW_NAME(MQW_ERR_ARG);
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
    (P(MQW_CONNACK) | P_PUBACKREC | P_PUBRELCOMP | P(MQW_SUBACK) | P(MQW_UNSUBACK) |              \
     P(MQW_DISCONNECT) | P(MQW_AUTH))
#define P_REFUSALS (P(MQW_CONNACK) | P_PUBACKREC | P(MQW_SUBACK) | P(MQW_UNSUBACK) | P(MQW_DISCONNECT))

typedef struct mqw_reason_def {
    const char *name;
    uint16_t packets; /* P() bits of the packets that may carry the code */
} mqw_reason_def;

/* 5.0 §2.4 and the per-packet tables of chapter 3. 0x8C is listed for
 * DISCONNECT only by §2.4; it is accepted on parse (C-26) and the
 * DISCONNECT builder refuses it. */
static const mqw_reason_def mqw_reasons[256] = {
    [0x00] = {"Success", P_ALL_SUCCESS},
    [0x01] = {"Granted QoS 1", P(MQW_SUBACK)},
    [0x02] = {"Granted QoS 2", P(MQW_SUBACK)},
    [0x04] = {"Disconnect with Will Message", P(MQW_DISCONNECT)},
    [0x10] = {"No matching subscribers", P_PUBACKREC},
    [0x11] = {"No subscription existed", P(MQW_UNSUBACK)},
    [0x18] = {"Continue authentication", P(MQW_AUTH)},
    [0x19] = {"Re-authenticate", P(MQW_AUTH)},
    [0x80] = {"Unspecified error", P_REFUSALS},
    [0x81] = {"Malformed Packet", P(MQW_CONNACK) | P(MQW_DISCONNECT)},
    [0x82] = {"Protocol Error", P(MQW_CONNACK) | P(MQW_DISCONNECT)},
    [0x83] = {"Implementation specific error", P_REFUSALS},
    [0x84] = {"Unsupported Protocol Version", P(MQW_CONNACK)},
    [0x85] = {"Client Identifier not valid", P(MQW_CONNACK)},
    [0x86] = {"Bad User Name or Password", P(MQW_CONNACK)},
    [0x87] = {"Not authorized", P_REFUSALS},
    [0x88] = {"Server unavailable", P(MQW_CONNACK)},
    [0x89] = {"Server busy", P(MQW_CONNACK) | P(MQW_DISCONNECT)},
    [0x8A] = {"Banned", P(MQW_CONNACK)},
    [0x8B] = {"Server shutting down", P(MQW_DISCONNECT)},
    [0x8C] = {"Bad authentication method", P(MQW_CONNACK) | P(MQW_DISCONNECT)},
    [0x8D] = {"Keep Alive timeout", P(MQW_DISCONNECT)},
    [0x8E] = {"Session taken over", P(MQW_DISCONNECT)},
    [0x8F] = {"Topic Filter invalid", P(MQW_SUBACK) | P(MQW_UNSUBACK) | P(MQW_DISCONNECT)},
    [0x90] = {"Topic Name invalid", P(MQW_CONNACK) | P_PUBACKREC | P(MQW_DISCONNECT)},
    [0x91] = {"Packet Identifier in use", P_PUBACKREC | P(MQW_SUBACK) | P(MQW_UNSUBACK)},
    [0x92] = {"Packet Identifier not found", P_PUBRELCOMP},
    [0x93] = {"Receive Maximum exceeded", P(MQW_DISCONNECT)},
    [0x94] = {"Topic Alias invalid", P(MQW_DISCONNECT)},
    [0x95] = {"Packet too large", P(MQW_CONNACK) | P(MQW_DISCONNECT)},
    [0x96] = {"Message rate too high", P(MQW_DISCONNECT)},
    [0x97] = {"Quota exceeded",
              P(MQW_CONNACK) | P_PUBACKREC | P(MQW_SUBACK) | P(MQW_DISCONNECT)},
    [0x98] = {"Administrative action", P(MQW_DISCONNECT)},
    [0x99] = {"Payload format invalid", P(MQW_CONNACK) | P_PUBACKREC | P(MQW_DISCONNECT)},
    [0x9A] = {"Retain not supported", P(MQW_CONNACK) | P(MQW_DISCONNECT)},
    [0x9B] = {"QoS not supported", P(MQW_CONNACK) | P(MQW_DISCONNECT)},
    [0x9C] = {"Use another server", P(MQW_CONNACK) | P(MQW_DISCONNECT)},
    [0x9D] = {"Server moved", P(MQW_CONNACK) | P(MQW_DISCONNECT)},
    [0x9E] = {"Shared Subscriptions not supported", P(MQW_SUBACK) | P(MQW_DISCONNECT)},
    [0x9F] = {"Connection rate exceeded", P(MQW_CONNACK) | P(MQW_DISCONNECT)},
    [0xA0] = {"Maximum connect time", P(MQW_DISCONNECT)},
    [0xA1] = {"Subscription Identifiers not supported", P(MQW_SUBACK) | P(MQW_DISCONNECT)},
    [0xA2] = {"Wildcard Subscriptions not supported", P(MQW_SUBACK) | P(MQW_DISCONNECT)},
};

/* see wire.h */
bool mqw_reason_allowed(int type, uint8_t code)
{
    return type > 0 && type < 16 && (mqw_reasons[code].packets & P(type)) != 0;
}

/* see mqttwire.h */
const char *mqw_reason_string(uint8_t code)
{
    return mqw_reasons[code].name ? mqw_reasons[code].name : "Unknown reason code";
}

/* see mqttwire.h */
const char *mqw_packet_name(int type)
{
    static const char *const names[16] = {
        "?",      "CONNECT",  "CONNACK",     "PUBLISH",  "PUBACK",   "PUBREC",
        "PUBREL", "PUBCOMP",  "SUBSCRIBE",   "SUBACK",   "UNSUBSCRIBE", "UNSUBACK",
        "PINGREQ", "PINGRESP", "DISCONNECT", "AUTH",
    };
    return type >= 0 && type < 16 ? names[type] : "?";
}
