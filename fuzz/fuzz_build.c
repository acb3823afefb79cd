/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * mqw_build from a packet struct filled by the fuzzer (any type, version,
 * field values, properties, lists), into a buffer of fuzzer-chosen
 * capacity followed by canary bytes. Invariants:
 *  - MQW_OK: nothing past the reported length is written, and the bytes
 *    parse (with the receiving side's role) to an equal packet, using all
 *    of them;
 *  - MQW_ERR_NOSPACE: nothing at or past `cap` is written, the reported
 *    size is exact (a build with that capacity succeeds);
 *  - any other error: nothing written at all, *len = 0;
 *  - mqw_size agrees with mqw_build.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "fuzz_options.h"
#include "packet_eq.h"

#define CANARY 0xA5
#define FILL 0x5A
#define TAIL 16
#define MAX_PROPS 8
#define MAX_SUBS 6

/* A byte consumer over the input; exhausted input reads as zeros. */
typedef struct src {
    const uint8_t *p, *end;
} src;

static uint8_t take8(src *s)
{
    return s->p < s->end ? *s->p++ : 0;
}

static uint32_t take32(src *s)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v = v << 8 | take8(s);
    return v;
}

/* Values that reach the interesting branches more often than random
 * bytes would: valid and invalid topics, filters, shared subscriptions,
 * UTF-8 edge cases. */
static const char *const dictionary[] = {
    "",
    "a",
    "a/b",
    "sensors/+/temp",
    "#",
    "+",
    "a/#",
    "a#",
    "+a",
    "$share/g/a/#",
    "$share//a",
    "$share/g",
    "$SYS/x",
    "\xC3\xA9",
    "\xED\xA0\x80",
    "\xC0\xAF",
    "a\x01",
    "client-1",
    "MQTT",
    "a/+/b",
    "/",
    "$share/g/+",
};

static mqw_bytes take_bytes(src *s)
{
    uint8_t mode = take8(s);
    mqw_bytes b;
    if (mode < 160) {
        b = mqw_cstr(dictionary[mode % (sizeof dictionary / sizeof dictionary[0])]);
        return b;
    }
    size_t want = take8(s) % 40;
    size_t have = (size_t)(s->end - s->p);
    b.len = want < have ? want : have;
    b.ptr = b.len ? s->p : NULL;
    s->p += b.len;
    return b;
}

static const uint8_t prop_ids[] = {
    0x01, 0x02, 0x03, 0x08, 0x09, 0x0B, 0x11, 0x12, 0x13, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A,
    0x1C, 0x1F, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x00, 0x04, 0x2B,
};

static void take_props(src *s, mqw_props *props, mqw_property *store)
{
    size_t n = take8(s) % (MAX_PROPS + 1);
    for (size_t i = 0; i < n; i++) {
        mqw_property *pr = &store[i];
        memset(pr, 0, sizeof *pr);
        pr->id = prop_ids[take8(s) % sizeof prop_ids];
        switch (mqw_property_type(pr->id)) {
        case MQW_PTYPE_STRING:
        case MQW_PTYPE_BINARY:
            pr->v.bytes = take_bytes(s);
            break;
        case MQW_PTYPE_PAIR:
            pr->v.pair.name = take_bytes(s);
            pr->v.pair.value = take_bytes(s);
            break;
        default: {
            uint8_t shape = take8(s);
            pr->v.num = shape < 128 ? shape % 3 : take32(s);
            break;
        }
        }
    }
    props->list = n ? store : NULL;
    props->n = n;
    props->raw.ptr = NULL;
    props->raw.len = 0;
}

typedef struct storage {
    mqw_property props[MAX_PROPS], will_props[MAX_PROPS];
    mqw_subscription subs[MAX_SUBS];
    mqw_bytes filters[MAX_SUBS];
    uint8_t codes[MAX_SUBS];
} storage;

static void take_packet(src *s, mqw_packet *p, int version, storage *st)
{
    memset(p, 0, sizeof *p);
    p->type = (uint8_t)(take8(s) % 17); /* 0 and 16 test the refusals */
    uint8_t bits = take8(s);
    switch (p->type) {
    case MQW_CONNECT: {
        mqw_connect *c = &p->u.connect;
        c->version = (uint8_t)version;
        c->clean_start = bits & 1;
        c->will = bits & 2;
        c->will_qos = (uint8_t)((bits >> 2) & 3);
        c->will_retain = bits & 16;
        c->has_username = bits & 32;
        c->has_password = bits & 64;
        c->keep_alive = (uint16_t)take32(s);
        c->client_id = take_bytes(s);
        if (c->will) {
            c->will_topic = take_bytes(s);
            c->will_payload = take_bytes(s);
            take_props(s, &c->will_props, st->will_props);
        }
        if (c->has_username)
            c->username = take_bytes(s);
        if (c->has_password)
            c->password = take_bytes(s);
        take_props(s, &c->props, st->props);
        break;
    }
    case MQW_CONNACK:
        p->u.connack.session_present = bits & 1;
        p->u.connack.code = take8(s);
        take_props(s, &p->u.connack.props, st->props);
        break;
    case MQW_PUBLISH: {
        mqw_publish *m = &p->u.publish;
        m->qos = bits & 3;
        m->dup = bits & 4;
        m->retain = bits & 8;
        m->packet_id = m->qos ? (uint16_t)take32(s) : 0;
        m->topic = take_bytes(s);
        m->payload = take_bytes(s);
        take_props(s, &m->props, st->props);
        break;
    }
    case MQW_PUBACK:
    case MQW_PUBREC:
    case MQW_PUBREL:
    case MQW_PUBCOMP:
        p->u.ack.dup = bits & 1;
        p->u.ack.packet_id = (uint16_t)take32(s);
        p->u.ack.code = (bits & 2) ? take8(s) : 0;
        take_props(s, &p->u.ack.props, st->props);
        break;
    case MQW_SUBSCRIBE:
    case MQW_UNSUBSCRIBE: {
        size_t n = take8(s) % (MAX_SUBS + 1);
        for (size_t i = 0; i < n; i++) {
            uint8_t o = take8(s);
            st->subs[i] = (mqw_subscription){.filter = take_bytes(s),
                                             .qos = o & 3,
                                             .no_local = (o & 4) != 0,
                                             .retain_as_published = (o & 8) != 0,
                                             .retain_handling = (uint8_t)((o >> 4) & 3)};
            st->filters[i] = st->subs[i].filter;
        }
        if (p->type == MQW_SUBSCRIBE) {
            p->u.subscribe.packet_id = (uint16_t)take32(s);
            p->u.subscribe.dup = bits & 1;
            p->u.subscribe.subs = st->subs;
            p->u.subscribe.n = n;
            take_props(s, &p->u.subscribe.props, st->props);
        } else {
            p->u.unsubscribe.packet_id = (uint16_t)take32(s);
            p->u.unsubscribe.dup = bits & 1;
            p->u.unsubscribe.filters = st->filters;
            p->u.unsubscribe.n = n;
            take_props(s, &p->u.unsubscribe.props, st->props);
        }
        break;
    }
    case MQW_SUBACK:
    case MQW_UNSUBACK: {
        size_t n = take8(s) % (MAX_SUBS + 1);
        for (size_t i = 0; i < n; i++) {
            uint8_t c = take8(s);
            st->codes[i] = c < 200 ? (uint8_t) "\x00\x01\x02\x80\x11\x8F\x91\x97"[c % 8] : c;
        }
        mqw_bytes codes = {n ? st->codes : NULL, n};
        if (p->type == MQW_SUBACK) {
            p->u.suback.packet_id = (uint16_t)take32(s);
            p->u.suback.codes = codes;
            take_props(s, &p->u.suback.props, st->props);
        } else {
            p->u.unsuback.packet_id = (uint16_t)take32(s);
            p->u.unsuback.codes = codes;
            take_props(s, &p->u.unsuback.props, st->props);
        }
        break;
    }
    case MQW_DISCONNECT:
    case MQW_AUTH:
        p->u.disconnect.code = (bits & 1) ? take8(s) : (uint8_t) "\x00\x04\x18\x19\x8E"[bits % 5];
        take_props(s, &p->u.disconnect.props, st->props);
        break;
    default:
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    src s = {data, data + size};
    uint8_t head = take8(&s);
    int version = 3 + head % 3;
    mqw_limits lim = {0, 0, (uint8_t)((head / 3) % 3)};
    if (head & 0x40)
        lim.flags |= MQW_STRICT_UTF8;
    if (head & 0x80) {
        lim.flags |= MQW_TRIM_TO_FIT;
        lim.max_packet_size = 8 + take8(&s);
    }
    size_t cap = ((size_t)take8(&s) << 8 | take8(&s)) % 1200;

    static storage st;
    mqw_packet pkt;
    take_packet(&s, &pkt, version, &st);

    uint8_t *buf = malloc(cap + TAIL);
    FUZZ_CHECK(buf != NULL);
    memset(buf, FILL, cap);
    memset(buf + cap, CANARY, TAIL);
    mqw_diag diag;
    size_t len = 12345;
    int rc = mqw_build(buf, cap, &pkt, version, &lim, &diag, &len);

    size_t size_len = 0;
    int size_rc = mqw_size(&pkt, version, &lim, &size_len);
    FUZZ_CHECK_MSG(size_rc == (rc == MQW_ERR_NOSPACE ? MQW_OK : rc), "size %s, build %s",
                   mqw_strerror(size_rc), mqw_strerror(rc));

    for (size_t i = 0; i < TAIL; i++)
        FUZZ_CHECK(buf[cap + i] == CANARY);

    /* The fast paths against the full code: with a flag that changes
     * nothing for this packet (fuzz_neutral_flag), the verdict, length and
     * bytes must be the same. */
    if (!(lim.flags & fuzz_neutral_flag(pkt.type))) {
        mqw_limits full_lim = lim;
        full_lim.flags |= fuzz_neutral_flag(pkt.type);
        uint8_t *full = malloc(cap ? cap : 1);
        FUZZ_CHECK(full != NULL);
        mqw_diag full_diag;
        size_t full_len = 0;
        int full_rc = mqw_build(full, cap, &pkt, version, &full_lim, &full_diag, &full_len);
        FUZZ_CHECK_MSG(full_rc == rc, "full path %s, hot path %s", mqw_strerror(full_rc),
                       mqw_strerror(rc));
        FUZZ_CHECK(full_len == len);
        if (rc == MQW_OK)
            FUZZ_CHECK(memcmp(full, buf, len) == 0);
        free(full);
    }

    if (rc == MQW_OK) {
        FUZZ_CHECK(len <= cap && len == size_len);
        int receiver = lim.role == MQW_ROLE_CLIENT   ? MQW_ROLE_SERVER
                       : lim.role == MQW_ROLE_SERVER ? MQW_ROLE_CLIENT
                                                     : MQW_ROLE_ANY;
        mqw_limits in = {0, lim.flags & MQW_STRICT_UTF8, (uint8_t)receiver};
        uint8_t *exact = malloc(len);
        FUZZ_CHECK(exact != NULL);
        memcpy(exact, buf, len);
        mqw_packet back;
        size_t used = 0;
        int prc = mqw_parse(exact, len, &back, version, &in, NULL, &used);
        FUZZ_CHECK_MSG(prc == MQW_OK, "built %s does not parse: %s", mqw_packet_name(pkt.type),
                       mqw_strerror(prc));
        FUZZ_CHECK(used == len);
        if (diag.dropped == 0) {
            char why[256];
            FUZZ_CHECK_MSG(!packet_diff(&pkt, &back, version, why, sizeof why),
                           "built %s parses differently: %s", mqw_packet_name(pkt.type), why);
        }
        free(exact);
    } else if (rc == MQW_ERR_NOSPACE) {
        FUZZ_CHECK(len > cap && len == size_len);
        uint8_t *fit = malloc(len);
        FUZZ_CHECK(fit != NULL);
        size_t len2 = 0;
        FUZZ_CHECK(mqw_build(fit, len, &pkt, version, &lim, NULL, &len2) == MQW_OK && len2 == len);
        free(fit);
    } else {
        FUZZ_CHECK(len == 0);
        for (size_t i = 0; i < cap; i++)
            FUZZ_CHECK(buf[i] == FILL);
    }
    free(buf);
    return 0;
}
