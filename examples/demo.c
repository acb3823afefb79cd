/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * A tour of the API: build one packet of each kind (MQTT 3.1.1, then a few
 * MQTT 5.0 packets with properties), print the bytes, parse them back and
 * print what came out. Uses only the public header.
 */
#include <stdio.h>
#include <stdlib.h>

#include "mqttwire.h"

static void print_hex(const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        printf("%s%02X", i ? " " : "", p[i]);
}

/* Strings from a parse are views: print them with their length, there is
 * no NUL terminator. */
static void print_view(const char *label, mqw_bytes b)
{
    printf(" %s=\"%.*s\"", label, (int)b.len, b.len ? (const char *)b.ptr : "");
}

static void print_props(const mqw_props *props)
{
    mqw_iter it;
    mqw_property p;
    mqw_props_iter(&it, props);
    while (mqw_props_next(&it, &p)) {
        printf("\n    property %s:", mqw_property_name(p.id));
        switch (mqw_property_type(p.id)) {
        case MQW_PTYPE_STRING:
            printf(" \"%.*s\"", (int)p.v.bytes.len,
                   p.v.bytes.len ? (const char *)p.v.bytes.ptr : "");
            break;
        case MQW_PTYPE_BINARY:
            printf(" %zu bytes", p.v.bytes.len);
            break;
        case MQW_PTYPE_PAIR:
            print_view("name", p.v.pair.name);
            print_view("value", p.v.pair.value);
            break;
        default:
            printf(" %lu", (unsigned long)p.v.num);
            break;
        }
    }
}

static void print_packet(const mqw_packet *pkt, int version)
{
    printf("  parsed: %s", mqw_packet_name(pkt->type));
    switch (pkt->type) {
    case MQW_CONNECT: {
        const mqw_connect *c = &pkt->u.connect;
        print_view("protocol", c->protocol_name);
        printf(" level=%u clean_start=%d keep_alive=%u", c->version, c->clean_start, c->keep_alive);
        print_view("client_id", c->client_id);
        if (c->will) {
            print_view("will_topic", c->will_topic);
            printf(" will_qos=%u will_payload=%zu bytes", c->will_qos, c->will_payload.len);
        }
        if (c->has_username)
            print_view("username", c->username);
        if (c->has_password)
            printf(" password=%zu bytes", c->password.len);
        print_props(&c->props);
        break;
    }
    case MQW_CONNACK:
        printf(" session_present=%d code=0x%02X", pkt->u.connack.session_present,
               pkt->u.connack.code);
        print_props(&pkt->u.connack.props);
        break;
    case MQW_PUBLISH: {
        const mqw_publish *p = &pkt->u.publish;
        printf(" qos=%u retain=%d dup=%d packet_id=%u", p->qos, p->retain, p->dup, p->packet_id);
        print_view("topic", p->topic);
        print_view("payload", p->payload);
        print_props(&p->props);
        break;
    }
    case MQW_PUBACK:
    case MQW_PUBREC:
    case MQW_PUBREL:
    case MQW_PUBCOMP:
        printf(" packet_id=%u code=0x%02X (%s)", pkt->u.ack.packet_id, pkt->u.ack.code,
               mqw_reason_string(pkt->u.ack.code));
        print_props(&pkt->u.ack.props);
        break;
    case MQW_SUBSCRIBE: {
        mqw_iter it;
        mqw_subscription s;
        printf(" packet_id=%u", pkt->u.subscribe.packet_id);
        mqw_subscribe_iter(&it, &pkt->u.subscribe, version);
        while (mqw_subscribe_next(&it, &s)) {
            printf("\n   ");
            print_view("filter", s.filter);
            printf(" qos=%u no_local=%d", s.qos, s.no_local);
        }
        print_props(&pkt->u.subscribe.props);
        break;
    }
    case MQW_SUBACK:
        printf(" packet_id=%u codes=", pkt->u.suback.packet_id);
        print_hex(pkt->u.suback.codes.ptr, pkt->u.suback.codes.len);
        break;
    case MQW_UNSUBSCRIBE: {
        mqw_iter it;
        mqw_subscription s;
        printf(" packet_id=%u", pkt->u.unsubscribe.packet_id);
        mqw_unsubscribe_iter(&it, &pkt->u.unsubscribe, version);
        while (mqw_unsubscribe_next(&it, &s)) {
            printf("\n   ");
            print_view("filter", s.filter);
        }
        break;
    }
    case MQW_UNSUBACK:
        printf(" packet_id=%u", pkt->u.unsuback.packet_id);
        break;
    case MQW_DISCONNECT:
    case MQW_AUTH:
        printf(" code=0x%02X (%s)", pkt->u.disconnect.code,
               mqw_reason_string(pkt->u.disconnect.code));
        print_props(&pkt->u.disconnect.props);
        break;
    default:
        break;
    }
    printf("\n");
}

/* Any failure ends the demo: every packet here is valid, so an error is a
 * bug. */
static void check(int rc, const mqw_diag *diag, int from, const char *what)
{
    if (rc == MQW_OK)
        return;
    char text[200];
    mqw_diag_format(text, sizeof text, rc, diag, from, NULL);
    printf("%s failed: %s\n", what, text);
    exit(1);
}

/* Print the bytes, parse them back with the dispatcher, print the fields. */
static void show(const char *title, const uint8_t *buf, size_t len, int version)
{
    printf("%s (%zu bytes)\n  ", title, len);
    print_hex(buf, len);
    printf("\n");

    mqw_packet back;
    mqw_diag diag;
    size_t used = 0;
    check(mqw_parse(buf, len, &back, version, NULL, &diag, &used), &diag, MQW_DIAG_PARSE, "parse");
    print_packet(&back, version);
}

static void round_trip(const char *title, const mqw_packet *pkt, int version)
{
    uint8_t buf[256];
    size_t len = 0;
    mqw_diag diag;
    check(mqw_build(buf, sizeof buf, pkt, version, NULL, &diag, &len), &diag, MQW_DIAG_BUILD,
          title);
    show(title, buf, len, version);
}

static void demo_v311(void)
{
    mqw_packet pkt;
    int v = MQW_V311;
    printf("== MQTT 3.1.1 ==\n");

    pkt = (mqw_packet){.type = MQW_CONNECT};
    pkt.u.connect.version = MQW_V311;
    pkt.u.connect.clean_start = true;
    pkt.u.connect.keep_alive = 60;
    pkt.u.connect.client_id = mqw_cstr("sensor-17");
    pkt.u.connect.will = true;
    pkt.u.connect.will_qos = 1;
    pkt.u.connect.will_topic = mqw_cstr("sensors/17/status");
    pkt.u.connect.will_payload = mqw_cstr("offline");
    pkt.u.connect.has_username = true;
    pkt.u.connect.username = mqw_cstr("alice");
    pkt.u.connect.has_password = true;
    pkt.u.connect.password = mqw_cstr("secret");
    round_trip("CONNECT", &pkt, v);

    pkt = (mqw_packet){.type = MQW_CONNACK};
    pkt.u.connack.session_present = true;
    round_trip("CONNACK", &pkt, v);

    pkt = (mqw_packet){.type = MQW_PUBLISH};
    pkt.u.publish.qos = 1;
    pkt.u.publish.packet_id = 10;
    pkt.u.publish.topic = mqw_cstr("sensors/17/temperature");
    pkt.u.publish.payload = mqw_cstr("21.5");
    round_trip("PUBLISH", &pkt, v);

    static const int acks[] = {MQW_PUBACK, MQW_PUBREC, MQW_PUBREL, MQW_PUBCOMP};
    for (size_t i = 0; i < sizeof acks / sizeof acks[0]; i++) {
        pkt = (mqw_packet){.type = (uint8_t)acks[i]};
        pkt.u.ack.packet_id = 10;
        round_trip(mqw_packet_name(acks[i]), &pkt, v);
    }

    mqw_subscription subs[2] = {
        {.filter = mqw_cstr("sensors/+/temperature"), .qos = 1},
        {.filter = mqw_cstr("alerts/#"), .qos = 2},
    };
    pkt = (mqw_packet){.type = MQW_SUBSCRIBE};
    pkt.u.subscribe.packet_id = 11;
    pkt.u.subscribe.subs = subs;
    pkt.u.subscribe.n = 2;
    round_trip("SUBSCRIBE", &pkt, v);

    static const uint8_t granted[] = {0x01, 0x80};
    pkt = (mqw_packet){.type = MQW_SUBACK};
    pkt.u.suback.packet_id = 11;
    pkt.u.suback.codes = (mqw_bytes){granted, sizeof granted};
    round_trip("SUBACK", &pkt, v);

    mqw_bytes filters[1] = {mqw_cstr("alerts/#")};
    pkt = (mqw_packet){.type = MQW_UNSUBSCRIBE};
    pkt.u.unsubscribe.packet_id = 12;
    pkt.u.unsubscribe.filters = filters;
    pkt.u.unsubscribe.n = 1;
    round_trip("UNSUBSCRIBE", &pkt, v);

    pkt = (mqw_packet){.type = MQW_UNSUBACK};
    pkt.u.unsuback.packet_id = 12;
    round_trip("UNSUBACK", &pkt, v);

    round_trip("PINGREQ", &(mqw_packet){.type = MQW_PINGREQ}, v);
    round_trip("PINGRESP", &(mqw_packet){.type = MQW_PINGRESP}, v);
    round_trip("DISCONNECT", &(mqw_packet){.type = MQW_DISCONNECT}, v);
}

static void demo_v5(void)
{
    printf("\n== MQTT 5.0 ==\n");
    uint8_t buf[256];
    size_t len;
    mqw_diag diag;

    /* CONNECT with a Session Expiry Interval and a Receive Maximum. */
    mqw_property connect_props[] = {
        mqw_prop_u32(MQW_PROP_SESSION_EXPIRY_INTERVAL, 3600),
        mqw_prop_u16(MQW_PROP_RECEIVE_MAXIMUM, 20),
    };
    mqw_connect connect = {
        .version = MQW_V5,
        .clean_start = true,
        .keep_alive = 30,
        .client_id = mqw_cstr("sensor-17"),
        .props = {.list = connect_props, .n = 2},
    };
    int rc = mqw_connect_build(buf, sizeof buf, &connect, NULL, &diag, &len);
    check(rc, &diag, MQW_DIAG_BUILD, "CONNECT");
    show("CONNECT", buf, len, MQW_V5);

    /* PUBLISH with a Topic Alias and two User Properties (kept in order). */
    mqw_property publish_props[] = {
        mqw_prop_u16(MQW_PROP_TOPIC_ALIAS, 1),
        mqw_prop_pair(mqw_cstr("unit"), mqw_cstr("celsius")),
        mqw_prop_pair(mqw_cstr("room"), mqw_cstr("kitchen")),
    };
    mqw_publish publish = {
        .qos = 1,
        .packet_id = 10,
        .topic = mqw_cstr("sensors/17/temperature"),
        .props = {.list = publish_props, .n = 3},
        .payload = mqw_cstr("21.5"),
    };
    rc = mqw_publish_build(buf, sizeof buf, &publish, MQW_V5, NULL, &diag, &len);
    check(rc, &diag, MQW_DIAG_BUILD, "PUBLISH");
    show("PUBLISH", buf, len, MQW_V5);

    /* The receiving side: views into buf, properties found by id. */
    mqw_publish got;
    mqw_property alias;
    rc = mqw_publish_parse(buf, len, &got, MQW_V5, NULL, &diag, NULL);
    check(rc, &diag, MQW_DIAG_PARSE, "PUBLISH parse");
    if (mqw_props_find(&got.props, MQW_PROP_TOPIC_ALIAS, &alias))
        printf("  topic alias %lu for \"%.*s\"\n", (unsigned long)alias.v.num, (int)got.topic.len,
               (const char *)got.topic.ptr);

    /* The same packet without the payload, for writev(header, payload). */
    rc = mqw_publish_build_header(buf, sizeof buf, &publish, MQW_V5, NULL, &diag, &len);
    check(rc, &diag, MQW_DIAG_BUILD, "PUBLISH header");
    printf("  header only: %zu bytes + %zu bytes of payload\n", len, publish.payload.len);

    mqw_property reason[] = {mqw_prop_string(MQW_PROP_REASON_STRING, mqw_cstr("quota"))};
    mqw_packet pkt = {.type = MQW_PUBACK};
    pkt.u.ack.packet_id = 10;
    pkt.u.ack.code = 0x97; /* Quota exceeded */
    pkt.u.ack.props = (mqw_props){.list = reason, .n = 1};
    round_trip("PUBACK", &pkt, MQW_V5);

    pkt = (mqw_packet){.type = MQW_DISCONNECT};
    pkt.u.disconnect.code = 0x04; /* Disconnect with Will Message */
    round_trip("DISCONNECT", &pkt, MQW_V5);
}

int main(void)
{
    printf("mqttwire %s\n\n", mqw_version());
    demo_v311();
    demo_v5();
    return 0;
}
