/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * The packets a buggy client might try to send, and the builders' refusal
 * of each: the error, nothing written (the canary bytes survive), *len 0.
 * A client built on mqttwire cannot put these bytes on the wire; the interop
 * suite checks separately (raw bytes over a socket) that mosquitto closes
 * the connection on the same faults.
 *
 * Prints one line per case; exit status 0 when every case is refused as
 * expected.
 */
#include <stdio.h>
#include <string.h>

#include "mqttwire.h"

#define CANARY 0xA5

/* A view of bytes that may hold NUL or be ill-formed UTF-8. */
#define RAW(s)                                                                                     \
    {                                                                                              \
        (const uint8_t *)(s), sizeof(s) - 1                                                        \
    }

typedef struct refusal {
    const char *what;
    int version;
    uint8_t role;
    uint32_t max_packet_size;
    mqw_packet pkt;
    int expected;
} refusal;

static const mqw_property alias_zero[] = {{.id = MQW_PROP_TOPIC_ALIAS, .v.num = 0}};
static const mqw_property session_expiry[] = {
    {.id = MQW_PROP_SESSION_EXPIRY_INTERVAL, .v.num = 60}};
static const mqw_property two_content_types[] = {
    {.id = MQW_PROP_CONTENT_TYPE, .v.bytes = RAW("text/plain")},
    {.id = MQW_PROP_CONTENT_TYPE, .v.bytes = RAW("text/html")},
};
static const mqw_property bad_user_property[] = {
    {.id = MQW_PROP_USER_PROPERTY, .v.pair = {RAW("\xC0\xAF"), RAW("v")}}};
static const mqw_property wildcard_response_topic[] = {
    {.id = MQW_PROP_RESPONSE_TOPIC, .v.bytes = RAW("reply/#")}};
static const mqw_property big_user_property[] = {
    {.id = MQW_PROP_USER_PROPERTY,
     .v.pair = {RAW("k"), RAW("0123456789012345678901234567890123456789")}}};
static const mqw_property subscription_id[] = {
    {.id = MQW_PROP_SUBSCRIPTION_IDENTIFIER, .v.num = 7}};
static const mqw_property content_type[] = {{.id = MQW_PROP_CONTENT_TYPE, .v.bytes = RAW("x")}};

static const mqw_subscription bad_hash[] = {{.filter = RAW("a/#/b"), .qos = 1}};
static const mqw_subscription bad_plus[] = {{.filter = RAW("a+"), .qos = 1}};
static const mqw_subscription qos3[] = {{.filter = RAW("a/b"), .qos = 3}};
static const mqw_subscription no_local_3x[] = {{.filter = RAW("a/b"), .no_local = true}};
static const mqw_subscription no_local_shared[] = {
    {.filter = RAW("$share/g/a"), .qos = 1, .no_local = true}};
static const mqw_subscription retain_handling_3[] = {{.filter = RAW("a/b"), .retain_handling = 3}};
static const mqw_subscription good[] = {{.filter = RAW("a/b"), .qos = 1}};
static const mqw_bytes no_filters[1] = {RAW("")};

static const uint8_t long_id[] = "abcdefghijklmnopqrstuvwx"; /* 24 characters */
static uint8_t huge_topic[65536];

static const refusal cases[] = {
    /* PUBLISH */
    {"PUBLISH: '+' in the topic",
     MQW_V311,
     0,
     0,
     {.type = MQW_PUBLISH, .u.publish = {.topic = RAW("a/+/b")}},
     MQW_ERR_TOPIC_NAME},
    {"PUBLISH: '#' in the topic",
     MQW_V5,
     0,
     0,
     {.type = MQW_PUBLISH, .u.publish = {.topic = RAW("a/#")}},
     MQW_ERR_TOPIC_NAME},
    {"PUBLISH: QoS 3",
     MQW_V311,
     0,
     0,
     {.type = MQW_PUBLISH, .u.publish = {.qos = 3, .packet_id = 1, .topic = RAW("a")}},
     MQW_ERR_QOS},
    {"PUBLISH: empty topic (3.1)",
     MQW_V31,
     0,
     0,
     {.type = MQW_PUBLISH, .u.publish = {.topic = RAW("")}},
     MQW_ERR_TOPIC_NAME},
    {"PUBLISH: empty topic (3.1.1)",
     MQW_V311,
     0,
     0,
     {.type = MQW_PUBLISH, .u.publish = {.topic = RAW("")}},
     MQW_ERR_TOPIC_NAME},
    {"PUBLISH: empty topic without a Topic Alias (5.0)",
     MQW_V5,
     0,
     0,
     {.type = MQW_PUBLISH, .u.publish = {.topic = RAW("")}},
     MQW_ERR_PROTOCOL},
    {"PUBLISH: UTF-16 surrogate in the topic",
     MQW_V311,
     0,
     0,
     {.type = MQW_PUBLISH, .u.publish = {.topic = RAW("a\xED\xA0\x80")}},
     MQW_ERR_UTF8},
    {"PUBLISH: overlong UTF-8 in the topic",
     MQW_V311,
     0,
     0,
     {.type = MQW_PUBLISH, .u.publish = {.topic = RAW("\xC0\xAF")}},
     MQW_ERR_UTF8},
    {"PUBLISH: U+0000 in the topic",
     MQW_V5,
     0,
     0,
     {.type = MQW_PUBLISH, .u.publish = {.topic = RAW("a\0b")}},
     MQW_ERR_UTF8},
    {"PUBLISH: truncated UTF-8 sequence in the topic",
     MQW_V31,
     0,
     0,
     {.type = MQW_PUBLISH, .u.publish = {.topic = RAW("a\xE2\x82")}},
     MQW_ERR_UTF8},
    {"PUBLISH: QoS 1 with Packet Identifier 0",
     MQW_V311,
     0,
     0,
     {.type = MQW_PUBLISH, .u.publish = {.qos = 1, .topic = RAW("a")}},
     MQW_ERR_PACKET_ID},
    {"PUBLISH: QoS 2 with Packet Identifier 0",
     MQW_V5,
     0,
     0,
     {.type = MQW_PUBLISH, .u.publish = {.qos = 2, .topic = RAW("a")}},
     MQW_ERR_PACKET_ID},
    {"PUBLISH: DUP on QoS 0",
     MQW_V311,
     0,
     0,
     {.type = MQW_PUBLISH, .u.publish = {.dup = true, .topic = RAW("a")}},
     MQW_ERR_FLAGS},
    {"PUBLISH: topic longer than 65535 bytes",
     MQW_V311,
     0,
     0,
     {.type = MQW_PUBLISH, .u.publish = {.topic = {huge_topic, sizeof huge_topic}}},
     MQW_ERR_ARG},
    {"PUBLISH: properties on 3.1.1",
     MQW_V311,
     0,
     0,
     {.type = MQW_PUBLISH,
      .u.publish = {.topic = RAW("a"), .props = {.list = content_type, .n = 1}}},
     MQW_ERR_ARG},
    {"PUBLISH: Topic Alias 0",
     MQW_V5,
     0,
     0,
     {.type = MQW_PUBLISH, .u.publish = {.topic = RAW("a"), .props = {.list = alias_zero, .n = 1}}},
     MQW_ERR_TOPIC_ALIAS},
    {"PUBLISH: Session Expiry Interval (a CONNECT property)",
     MQW_V5,
     0,
     0,
     {.type = MQW_PUBLISH,
      .u.publish = {.topic = RAW("a"), .props = {.list = session_expiry, .n = 1}}},
     MQW_ERR_PROPERTY_NOT_ALLOWED},
    {"PUBLISH: Content Type twice",
     MQW_V5,
     0,
     0,
     {.type = MQW_PUBLISH,
      .u.publish = {.topic = RAW("a"), .props = {.list = two_content_types, .n = 2}}},
     MQW_ERR_PROPERTY_DUPLICATE},
    {"PUBLISH: ill-formed UTF-8 in a User Property",
     MQW_V5,
     0,
     0,
     {.type = MQW_PUBLISH,
      .u.publish = {.topic = RAW("a"), .props = {.list = bad_user_property, .n = 1}}},
     MQW_ERR_UTF8},
    {"PUBLISH: wildcard in the Response Topic",
     MQW_V5,
     0,
     0,
     {.type = MQW_PUBLISH,
      .u.publish = {.topic = RAW("a"), .props = {.list = wildcard_response_topic, .n = 1}}},
     MQW_ERR_PROPERTY_VALUE},
    {"PUBLISH: Subscription Identifier from a client",
     MQW_V5,
     MQW_ROLE_CLIENT,
     0,
     {.type = MQW_PUBLISH,
      .u.publish = {.topic = RAW("a"), .props = {.list = subscription_id, .n = 1}}},
     MQW_ERR_PROPERTY_NOT_ALLOWED},
    /* User Properties of a PUBLISH belong to the Application Message: the
     * builder may not drop them to fit ([MQTT-3.3.2-17]), even with
     * MQW_TRIM_TO_FIT, so it refuses instead. */
    {"PUBLISH: larger than the server's Maximum Packet Size",
     MQW_V5,
     0,
     40,
     {.type = MQW_PUBLISH,
      .u.publish = {.topic = RAW("a"), .props = {.list = big_user_property, .n = 1}}},
     MQW_ERR_TOO_LARGE},

    /* SUBSCRIBE, UNSUBSCRIBE */
    {"SUBSCRIBE: '#' not last",
     MQW_V311,
     0,
     0,
     {.type = MQW_SUBSCRIBE, .u.subscribe = {.packet_id = 1, .subs = bad_hash, .n = 1}},
     MQW_ERR_TOPIC_FILTER},
    {"SUBSCRIBE: '+' not alone in its level",
     MQW_V5,
     0,
     0,
     {.type = MQW_SUBSCRIBE, .u.subscribe = {.packet_id = 1, .subs = bad_plus, .n = 1}},
     MQW_ERR_TOPIC_FILTER},
    {"SUBSCRIBE: QoS 3",
     MQW_V311,
     0,
     0,
     {.type = MQW_SUBSCRIBE, .u.subscribe = {.packet_id = 1, .subs = qos3, .n = 1}},
     MQW_ERR_QOS},
    {"SUBSCRIBE: no filters",
     MQW_V311,
     0,
     0,
     {.type = MQW_SUBSCRIBE, .u.subscribe = {.packet_id = 1, .subs = good, .n = 0}},
     MQW_ERR_EMPTY},
    {"SUBSCRIBE: Packet Identifier 0",
     MQW_V311,
     0,
     0,
     {.type = MQW_SUBSCRIBE, .u.subscribe = {.subs = good, .n = 1}},
     MQW_ERR_PACKET_ID},
    {"SUBSCRIBE: No Local on 3.1.1",
     MQW_V311,
     0,
     0,
     {.type = MQW_SUBSCRIBE, .u.subscribe = {.packet_id = 1, .subs = no_local_3x, .n = 1}},
     MQW_ERR_RESERVED},
    {"SUBSCRIBE: No Local on a shared subscription",
     MQW_V5,
     0,
     0,
     {.type = MQW_SUBSCRIBE, .u.subscribe = {.packet_id = 1, .subs = no_local_shared, .n = 1}},
     MQW_ERR_SUB_OPTIONS},
    {"SUBSCRIBE: Retain Handling 3",
     MQW_V5,
     0,
     0,
     {.type = MQW_SUBSCRIBE, .u.subscribe = {.packet_id = 1, .subs = retain_handling_3, .n = 1}},
     MQW_ERR_SUB_OPTIONS},
    {"UNSUBSCRIBE: no filters",
     MQW_V311,
     0,
     0,
     {.type = MQW_UNSUBSCRIBE, .u.unsubscribe = {.packet_id = 1, .filters = no_filters, .n = 0}},
     MQW_ERR_EMPTY},

    /* CONNECT */
    {"CONNECT: Will QoS 3",
     MQW_V311,
     0,
     0,
     {.type = MQW_CONNECT,
      .u.connect = {.version = MQW_V311,
                    .client_id = RAW("c"),
                    .will = true,
                    .will_qos = 3,
                    .will_topic = RAW("w")}},
     MQW_ERR_QOS},
    {"CONNECT: wildcard in the Will Topic",
     MQW_V311,
     0,
     0,
     {.type = MQW_CONNECT,
      .u.connect =
          {.version = MQW_V311, .client_id = RAW("c"), .will = true, .will_topic = RAW("w/#")}},
     MQW_ERR_TOPIC_NAME},
    {"CONNECT: Will Retain without a Will",
     MQW_V311,
     0,
     0,
     {.type = MQW_CONNECT,
      .u.connect = {.version = MQW_V311, .client_id = RAW("c"), .will_retain = true}},
     MQW_ERR_CONNECT_FLAGS},
    {"CONNECT: password without user name (3.1.1)",
     MQW_V311,
     0,
     0,
     {.type = MQW_CONNECT,
      .u.connect =
          {.version = MQW_V311, .client_id = RAW("c"), .has_password = true, .password = RAW("p")}},
     MQW_ERR_CONNECT_FLAGS},
    {"CONNECT: client id of 24 characters (3.1)",
     MQW_V31,
     0,
     0,
     {.type = MQW_CONNECT, .u.connect = {.version = MQW_V31, .client_id = {long_id, 24}}},
     MQW_ERR_CLIENT_ID},
    {"CONNECT: ill-formed UTF-8 in the client id",
     MQW_V311,
     0,
     0,
     {.type = MQW_CONNECT, .u.connect = {.version = MQW_V311, .client_id = RAW("c\xFF")}},
     MQW_ERR_UTF8},
    {"CONNECT: protocol level 6",
     MQW_V311,
     0,
     0,
     {.type = MQW_CONNECT, .u.connect = {.version = 6, .client_id = RAW("c")}},
     MQW_ERR_ARG},

    /* Acks, control packets, direction */
    {"PUBACK: Packet Identifier 0",
     MQW_V311,
     0,
     0,
     {.type = MQW_PUBACK, .u.ack = {.packet_id = 0}},
     MQW_ERR_PACKET_ID},
    {"PUBACK: reason code 0x04 (not a PUBACK code)",
     MQW_V5,
     0,
     0,
     {.type = MQW_PUBACK, .u.ack = {.packet_id = 1, .code = 0x04}},
     MQW_ERR_REASON_CODE},
    {"DISCONNECT: reason code on 3.1.1",
     MQW_V311,
     0,
     0,
     {.type = MQW_DISCONNECT, .u.disconnect = {.code = 0x04}},
     MQW_ERR_ARG},
    {"AUTH on 3.1.1", MQW_V311, 0, 0, {.type = MQW_AUTH}, MQW_ERR_PACKET_TYPE},
    {"CONNACK from a client",
     MQW_V311,
     MQW_ROLE_CLIENT,
     0,
     {.type = MQW_CONNACK},
     MQW_ERR_DIRECTION},
    {"SUBACK from a client",
     MQW_V5,
     MQW_ROLE_CLIENT,
     0,
     {.type = MQW_SUBACK, .u.suback = {.packet_id = 1, .codes = RAW("\x00")}},
     MQW_ERR_DIRECTION},
};

int main(void)
{
    static uint8_t buf[1024];
    int failed = 0;
    memset(huge_topic, 'a', sizeof huge_topic);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const refusal *c = &cases[i];
        mqw_limits lim = {c->max_packet_size, MQW_TRIM_TO_FIT, c->role};
        mqw_diag diag = {0, NULL, 0};
        size_t len = 12345;
        memset(buf, CANARY, sizeof buf);
        int rc = mqw_build(buf, sizeof buf, &c->pkt, c->version, &lim, &diag, &len);
        size_t touched = 0;
        while (touched < sizeof buf && buf[touched] == CANARY)
            touched++;
        bool ok = rc == c->expected && len == 0 && touched == sizeof buf;
        printf("%s %s: %s (rule %s)", ok ? "ok  " : "FAIL", c->what, mqw_strerror(rc),
               diag.rule ? diag.rule : "-");
        if (!ok) {
            printf(" -- expected %s, len 0, nothing written; got len %zu%s",
                   mqw_strerror(c->expected), len, touched == sizeof buf ? "" : ", bytes written");
            failed++;
        }
        printf("\n");
    }
    printf("%zu refusals checked, %d failed\n", sizeof cases / sizeof cases[0], failed);
    return failed ? 1 : 0;
}
