/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * The floor: a codec of its own that checks bounds and nothing else (no
 * flag, identifier, UTF-8, topic, property or size rule), under the same
 * glue as caller.c: its structs filled from the application's values on
 * every call, every result read back into the same record, the stream
 * through the same receive loop. It sits in the same translation unit as
 * its glue, so it pays no call either: roughly what the bytes alone cost,
 * the yardstick for the caller layer's figures.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"

typedef struct fl_view {
    const uint8_t *ptr;
    size_t len;
} fl_view;

/* One property: a number, a string or binary (a), or a pair (a, b). */
typedef struct fl_prop {
    uint8_t id;
    uint32_t num;
    fl_view a, b;
} fl_prop;

typedef struct fl_publish {
    uint8_t qos;
    bool dup, retain;
    uint16_t packet_id;
    fl_view topic, payload;
    fl_view props;       /* parse: the block */
    const fl_prop *list; /* build: the properties */
    size_t n;
} fl_publish;

typedef struct fl_connect {
    uint8_t version;
    bool clean, will, will_retain, has_username, has_password;
    uint8_t will_qos;
    uint16_t keep_alive;
    fl_view client_id, will_topic, will_payload, username, password;
    fl_view props, will_props; /* parse */
    const fl_prop *list;       /* build */
    size_t n;
} fl_connect;

typedef struct fl_sub {
    fl_view filter;
    uint8_t qos;
    bool no_local, retain_as_published;
    uint8_t retain_handling;
} fl_sub;

typedef struct fl_subscribe {
    uint16_t packet_id;
    fl_view list;       /* parse */
    const fl_sub *subs; /* build */
    size_t n;
} fl_subscribe;

typedef struct fl_ack {
    uint8_t type, code;
    uint16_t packet_id;
} fl_ack;

typedef struct fl_iter {
    const uint8_t *p, *end;
} fl_iter;

enum { FL_OK = 0, FL_SHORT = 1, FL_SPACE = 2 };

/* Every codec function is inlined into its glue: a floor pays no call. */
#if defined(__GNUC__) || defined(__clang__)
#define FL_FN static inline __attribute__((always_inline))
#else
#define FL_FN static inline
#endif

/* ---- bounds-checked reading ---------------------------------------------------- */

/* The fixed header: first byte, Remaining Length; the packet must be whole.
 * A 1-byte Remaining Length (most packets) takes no loop. */
FL_FN int fl_frame(const uint8_t *b, size_t len, size_t *hdr, size_t *total)
{
    if (len < 2)
        return FL_SHORT;
    size_t rl = b[1], i = 2;
    if (rl & 0x80) {
        rl &= 0x7F;
        for (unsigned shift = 7;; shift += 7) {
            if (i >= len || i > 4)
                return FL_SHORT;
            uint8_t x = b[i++];
            rl |= (size_t)(x & 0x7F) << shift;
            if (!(x & 0x80))
                break;
        }
    }
    if (len - i < rl)
        return FL_SHORT;
    *hdr = i;
    *total = i + rl;
    return FL_OK;
}

FL_FN bool fl_u16(const uint8_t **p, const uint8_t *end, uint16_t *v)
{
    if (end - *p < 2)
        return false;
    *v = (uint16_t)((*p)[0] << 8 | (*p)[1]);
    *p += 2;
    return true;
}

FL_FN bool fl_field(const uint8_t **p, const uint8_t *end, fl_view *f)
{
    uint16_t n;
    if (!fl_u16(p, end, &n) || (size_t)(end - *p) < n)
        return false;
    f->ptr = *p;
    f->len = n;
    *p += n;
    return true;
}

FL_FN bool fl_varint(const uint8_t **p, const uint8_t *end, uint32_t *v)
{
    uint32_t x = 0;
    for (unsigned shift = 0; shift < 28; shift += 7) {
        if (*p >= end)
            return false;
        uint8_t b = *(*p)++;
        x |= (uint32_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            *v = x;
            return true;
        }
    }
    return false;
}

/* A property block: its length and the view, nothing inside judged. */
FL_FN bool fl_block(const uint8_t **p, const uint8_t *end, fl_view *block)
{
    uint32_t n;
    if (!fl_varint(p, end, &n) || (size_t)(end - *p) < n)
        return false;
    block->ptr = *p;
    block->len = n;
    *p += n;
    return true;
}

/* Value kinds of the 5.0 property identifiers (0: unknown, the block
 * cannot be walked past it). */
enum { FL_BYTE = 1, FL_U16, FL_U32, FL_VARINT, FL_STRING, FL_PAIR };
static const uint8_t fl_kind[0x2B] = {
    [0x01] = FL_BYTE,   [0x02] = FL_U32,    [0x03] = FL_STRING, [0x08] = FL_STRING,
    [0x09] = FL_STRING, [0x0B] = FL_VARINT, [0x11] = FL_U32,    [0x12] = FL_STRING,
    [0x13] = FL_U16,    [0x15] = FL_STRING, [0x16] = FL_STRING, [0x17] = FL_BYTE,
    [0x18] = FL_U32,    [0x19] = FL_BYTE,   [0x1A] = FL_STRING, [0x1C] = FL_STRING,
    [0x1F] = FL_STRING, [0x21] = FL_U16,    [0x22] = FL_U16,    [0x23] = FL_U16,
    [0x24] = FL_BYTE,   [0x25] = FL_BYTE,   [0x26] = FL_PAIR,   [0x27] = FL_U32,
    [0x28] = FL_BYTE,   [0x29] = FL_BYTE,   [0x2A] = FL_BYTE,
};

FL_FN bool fl_prop_next(fl_iter *it, fl_prop *pr)
{
    if (it->p >= it->end || *it->p >= sizeof fl_kind || !fl_kind[*it->p])
        return false;
    const uint8_t *p = it->p + 1, *end = it->end;
    uint16_t v16;
    pr->id = it->p[0];
    switch (fl_kind[pr->id]) {
    case FL_BYTE:
        if (p >= end)
            return false;
        pr->num = *p++;
        break;
    case FL_U16:
        if (!fl_u16(&p, end, &v16))
            return false;
        pr->num = v16;
        break;
    case FL_U32:
        if (end - p < 4)
            return false;
        pr->num = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        p += 4;
        break;
    case FL_VARINT:
        if (!fl_varint(&p, end, &pr->num))
            return false;
        break;
    case FL_STRING:
        if (!fl_field(&p, end, &pr->a))
            return false;
        break;
    default:
        if (!fl_field(&p, end, &pr->a) || !fl_field(&p, end, &pr->b))
            return false;
        break;
    }
    it->p = p;
    return true;
}

/* Each parser is a body over a framed packet (b[hdr .. total)), so that
 * a receive loop frames once; the one-packet parsers frame first. */
FL_FN int fl_publish_body(const uint8_t *b, size_t hdr, size_t total, bool v5, fl_publish *out)
{
    const uint8_t *p = b + hdr, *end = b + total;
    out->qos = (uint8_t)((b[0] >> 1) & 3);
    out->dup = (b[0] & 8) != 0;
    out->retain = (b[0] & 1) != 0;
    out->packet_id = 0;
    if (!fl_field(&p, end, &out->topic) || (out->qos && !fl_u16(&p, end, &out->packet_id)))
        return FL_SHORT;
    out->props.ptr = NULL;
    out->props.len = 0;
    if (v5 && !fl_block(&p, end, &out->props))
        return FL_SHORT;
    out->payload.ptr = p;
    out->payload.len = (size_t)(end - p);
    return FL_OK;
}

FL_FN int fl_publish_parse(const uint8_t *b, size_t len, bool v5, fl_publish *out, size_t *used)
{
    size_t hdr;
    if (fl_frame(b, len, &hdr, used))
        return FL_SHORT;
    return fl_publish_body(b, hdr, *used, v5, out);
}

FL_FN int fl_connect_parse(const uint8_t *b, size_t len, fl_connect *out, size_t *used)
{
    size_t hdr, total;
    fl_view name;
    if (fl_frame(b, len, &hdr, &total))
        return FL_SHORT;
    const uint8_t *p = b + hdr, *end = b + total;
    if (!fl_field(&p, end, &name) || end - p < 4)
        return FL_SHORT;
    memset(out, 0, sizeof *out);
    out->version = p[0];
    uint8_t flags = p[1];
    out->keep_alive = (uint16_t)(p[2] << 8 | p[3]);
    p += 4;
    out->clean = (flags & 0x02) != 0;
    out->will = (flags & 0x04) != 0;
    out->will_qos = (flags >> 3) & 3;
    out->will_retain = (flags & 0x20) != 0;
    out->has_password = (flags & 0x40) != 0;
    out->has_username = (flags & 0x80) != 0;
    bool v5 = out->version == 5;
    if ((v5 && !fl_block(&p, end, &out->props)) || !fl_field(&p, end, &out->client_id))
        return FL_SHORT;
    if (out->will &&
        ((v5 && !fl_block(&p, end, &out->will_props)) || !fl_field(&p, end, &out->will_topic) ||
         !fl_field(&p, end, &out->will_payload)))
        return FL_SHORT;
    if ((out->has_username && !fl_field(&p, end, &out->username)) ||
        (out->has_password && !fl_field(&p, end, &out->password)))
        return FL_SHORT;
    *used = total;
    return FL_OK;
}

FL_FN int fl_subscribe_body(const uint8_t *b, size_t hdr, size_t total, bool v5, fl_subscribe *out)
{
    fl_view props;
    const uint8_t *p = b + hdr, *end = b + total;
    if (!fl_u16(&p, end, &out->packet_id) || (v5 && !fl_block(&p, end, &props)))
        return FL_SHORT;
    out->list.ptr = p;
    out->list.len = (size_t)(end - p);
    out->subs = NULL;
    out->n = 0;
    return FL_OK;
}

FL_FN int fl_subscribe_parse(const uint8_t *b, size_t len, bool v5, fl_subscribe *out, size_t *used)
{
    size_t hdr;
    if (fl_frame(b, len, &hdr, used))
        return FL_SHORT;
    return fl_subscribe_body(b, hdr, *used, v5, out);
}

FL_FN bool fl_sub_next(fl_iter *it, bool v5, fl_sub *e)
{
    const uint8_t *p = it->p;
    if (!fl_field(&p, it->end, &e->filter) || p >= it->end)
        return false;
    uint8_t o = *p++;
    e->qos = o & 3;
    e->no_local = v5 && (o & 4);
    e->retain_as_published = v5 && (o & 8);
    e->retain_handling = v5 ? (o >> 4) & 3 : 0;
    it->p = p;
    return true;
}

FL_FN int fl_ack_body(const uint8_t *b, size_t hdr, size_t total, bool v5, fl_ack *out)
{
    const uint8_t *p = b + hdr, *end = b + total;
    out->type = b[0] >> 4;
    out->code = 0;
    if (!fl_u16(&p, end, &out->packet_id))
        return FL_SHORT;
    if (v5 && p < end)
        out->code = *p;
    return FL_OK;
}

FL_FN int fl_ack_parse(const uint8_t *b, size_t len, bool v5, fl_ack *out, size_t *used)
{
    size_t hdr;
    if (fl_frame(b, len, &hdr, used))
        return FL_SHORT;
    return fl_ack_body(b, hdr, *used, v5, out);
}

/* ---- building, with the capacity checked --------------------------------------- */

FL_FN size_t fl_varint_size(size_t v)
{
    return v < 128 ? 1 : v < 16384 ? 2 : v < 2097152 ? 3 : 4;
}

FL_FN uint8_t *fl_wr_varint(uint8_t *w, size_t v)
{
    do {
        uint8_t b = (uint8_t)(v & 0x7F);
        v >>= 7;
        *w++ = (uint8_t)(b | (v ? 0x80 : 0));
    } while (v);
    return w;
}

FL_FN uint8_t *fl_wr_u16(uint8_t *w, unsigned v)
{
    w[0] = (uint8_t)(v >> 8);
    w[1] = (uint8_t)v;
    return w + 2;
}

FL_FN uint8_t *fl_wr_field(uint8_t *w, fl_view f)
{
    w = fl_wr_u16(w, (unsigned)f.len);
    memcpy(w, f.ptr, f.len);
    return w + f.len;
}

/* The header of a packet of Remaining Length rl, if `cap` holds `out`
 * bytes of it; NULL otherwise. */
FL_FN uint8_t *fl_begin(uint8_t *buf, size_t cap, uint8_t first, size_t rl, size_t out, size_t *len)
{
    *len = 1 + fl_varint_size(rl) + out;
    if (!buf || cap < *len)
        return NULL;
    buf[0] = first;
    return fl_wr_varint(buf + 1, rl);
}

FL_FN size_t fl_props_size(const fl_prop *list, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        switch (fl_kind[list[i].id]) {
        case FL_BYTE:
            total += 2;
            break;
        case FL_U16:
            total += 3;
            break;
        case FL_U32:
            total += 5;
            break;
        case FL_VARINT:
            total += 1 + fl_varint_size(list[i].num);
            break;
        case FL_STRING:
            total += 3 + list[i].a.len;
            break;
        default:
            total += 5 + list[i].a.len + list[i].b.len;
            break;
        }
    }
    return total;
}

FL_FN uint8_t *fl_props_write(uint8_t *w, const fl_prop *list, size_t n, size_t body)
{
    w = fl_wr_varint(w, body);
    for (size_t i = 0; i < n; i++) {
        const fl_prop *pr = &list[i];
        *w++ = pr->id;
        switch (fl_kind[pr->id]) {
        case FL_BYTE:
            *w++ = (uint8_t)pr->num;
            break;
        case FL_U16:
            w = fl_wr_u16(w, pr->num);
            break;
        case FL_U32:
            w = fl_wr_u16(w, pr->num >> 16);
            w = fl_wr_u16(w, pr->num & 0xFFFF);
            break;
        case FL_VARINT:
            w = fl_wr_varint(w, pr->num);
            break;
        case FL_STRING:
            w = fl_wr_field(w, pr->a);
            break;
        default:
            w = fl_wr_field(w, pr->a);
            w = fl_wr_field(w, pr->b);
            break;
        }
    }
    return w;
}

FL_FN int fl_publish_build(uint8_t *buf, size_t cap, const fl_publish *in, bool v5,
                           bool header_only, size_t *len)
{
    size_t body = v5 ? fl_props_size(in->list, in->n) : 0;
    size_t head = 2 + in->topic.len + (in->qos ? 2 : 0) + (v5 ? fl_varint_size(body) + body : 0);
    size_t rl = head + in->payload.len;
    uint8_t first = (uint8_t)(0x30 | (in->dup ? 8 : 0) | in->qos << 1 | (in->retain ? 1 : 0));
    uint8_t *w = fl_begin(buf, cap, first, rl, header_only ? head : rl, len);
    if (!w)
        return FL_SPACE;
    w = fl_wr_field(w, in->topic);
    if (in->qos)
        w = fl_wr_u16(w, in->packet_id);
    if (v5)
        w = fl_props_write(w, in->list, in->n, body);
    if (!header_only)
        memcpy(w, in->payload.ptr, in->payload.len);
    return FL_OK;
}

FL_FN int fl_connect_build(uint8_t *buf, size_t cap, const fl_connect *in, size_t *len)
{
    bool v5 = in->version == 5;
    size_t body = v5 ? fl_props_size(in->list, in->n) : 0;
    size_t rl = 10 + (v5 ? fl_varint_size(body) + body : 0) + 2 + in->client_id.len;
    if (in->will)
        rl += (v5 ? 1 : 0) + 4 + in->will_topic.len + in->will_payload.len;
    if (in->has_username)
        rl += 2 + in->username.len;
    if (in->has_password)
        rl += 2 + in->password.len;
    uint8_t *w = fl_begin(buf, cap, 0x10, rl, rl, len);
    if (!w)
        return FL_SPACE;
    memcpy(w, "\x00\x04MQTT", 6);
    w[6] = in->version;
    w[7] = (uint8_t)((in->has_username ? 0x80 : 0) | (in->has_password ? 0x40 : 0) |
                     (in->will_retain ? 0x20 : 0) | in->will_qos << 3 | (in->will ? 4 : 0) |
                     (in->clean ? 2 : 0));
    w = fl_wr_u16(w + 8, in->keep_alive);
    if (v5)
        w = fl_props_write(w, in->list, in->n, body);
    w = fl_wr_field(w, in->client_id);
    if (in->will) {
        if (v5)
            *w++ = 0; /* no Will properties */
        w = fl_wr_field(w, in->will_topic);
        w = fl_wr_field(w, in->will_payload);
    }
    if (in->has_username)
        w = fl_wr_field(w, in->username);
    if (in->has_password)
        fl_wr_field(w, in->password);
    return FL_OK;
}

FL_FN int fl_subscribe_build(uint8_t *buf, size_t cap, const fl_subscribe *in, bool v5, size_t *len)
{
    size_t rl = 2 + (v5 ? 1 : 0);
    for (size_t i = 0; i < in->n; i++)
        rl += 3 + in->subs[i].filter.len;
    uint8_t *w = fl_begin(buf, cap, 0x82, rl, rl, len);
    if (!w)
        return FL_SPACE;
    w = fl_wr_u16(w, in->packet_id);
    if (v5)
        *w++ = 0;
    for (size_t i = 0; i < in->n; i++) {
        const fl_sub *s = &in->subs[i];
        w = fl_wr_field(w, s->filter);
        *w++ = (uint8_t)(s->qos | (s->no_local ? 4 : 0) | (s->retain_as_published ? 8 : 0) |
                         s->retain_handling << 4);
    }
    return FL_OK;
}

FL_FN int fl_ack_build(uint8_t *buf, size_t cap, const fl_ack *in, bool v5, size_t *len)
{
    size_t rl = v5 && in->code ? 3 : 2;
    uint8_t *w =
        fl_begin(buf, cap, (uint8_t)(in->type << 4 | (in->type == 6 ? 2 : 0)), rl, rl, len);
    if (!w)
        return FL_SPACE;
    w = fl_wr_u16(w, in->packet_id);
    if (rl == 3)
        *w = in->code;
    return FL_OK;
}

/* ---- the glue, as in caller.c ---------------------------------------------------- */

static fl_view view(bench_bytes b)
{
    fl_view v = {b.ptr, b.len};
    return v;
}

#define AT(v, base) ((uintptr_t)((v).ptr - (base)))

static void record_publish(const fl_publish *p, const uint8_t *base, size_t used)
{
    bench_rec[0] = p->qos;
    bench_rec[1] = p->dup;
    bench_rec[2] = p->retain;
    bench_rec[3] = p->packet_id;
    bench_rec[4] = AT(p->topic, base);
    bench_rec[5] = p->topic.len;
    bench_rec[6] = AT(p->payload, base);
    bench_rec[7] = p->payload.len;
    bench_rec[8] = used;
}

static void record_connect(const fl_connect *c, const uint8_t *base, size_t used)
{
    bench_rec[0] = c->version;
    bench_rec[1] = c->clean;
    bench_rec[2] = c->keep_alive;
    bench_rec[3] = AT(c->client_id, base);
    bench_rec[4] = c->client_id.len;
    bench_rec[5] = c->will;
    bench_rec[6] = c->will_qos;
    bench_rec[7] = c->will_retain;
    bench_rec[8] = AT(c->will_topic, base);
    bench_rec[9] = c->will_topic.len;
    bench_rec[10] = AT(c->will_payload, base);
    bench_rec[11] = c->will_payload.len;
    bench_rec[12] = c->has_username;
    bench_rec[13] = AT(c->username, base);
    bench_rec[14] = c->username.len;
    bench_rec[15] = c->has_password;
    bench_rec[16] = AT(c->password, base);
    bench_rec[17] = c->password.len;
    bench_rec[18] = used;
}

static size_t record_props(fl_view block, const uint8_t *base, size_t k)
{
    fl_iter it = {block.ptr, block.ptr + block.len};
    fl_prop pr = {0}; /* every member the loop reads is set by fl_prop_next */
    while (fl_prop_next(&it, &pr) && k + 5 < BENCH_REC_MAX) {
        bench_rec[k++] = pr.id;
        if (pr.id == 0x26) {
            bench_rec[k++] = AT(pr.a, base);
            bench_rec[k++] = pr.a.len;
            bench_rec[k++] = AT(pr.b, base);
            bench_rec[k++] = pr.b.len;
        } else {
            bench_rec[k++] = pr.num;
        }
    }
    return k;
}

static int floor_publish_build_64(void)
{
    fl_publish pub = {.qos = 1,
                      .packet_id = bench_app.packet_id,
                      .topic = view(bench_app.topic),
                      .payload = view(bench_app.payload)};
    size_t len = 0;
    int rc = fl_publish_build(bench_out, sizeof bench_out, &pub, false, false, &len);
    bench_out_len = len;
    return rc;
}

static int floor_publish_header_64(void)
{
    fl_publish pub = {.qos = 1,
                      .packet_id = bench_app.packet_id,
                      .topic = view(bench_app.topic),
                      .payload = view(bench_app.payload)};
    size_t len = 0;
    int rc = fl_publish_build(bench_out, sizeof bench_out, &pub, false, true, &len);
    bench_out_len = len;
    return rc;
}

static int floor_publish_parse_64(void)
{
    const uint8_t *in = bench_ref.publish_64.ptr;
    fl_publish p;
    size_t used = 0;
    int rc = fl_publish_parse(in, bench_ref.publish_64.len, false, &p, &used);
    if (rc)
        return rc;
    record_publish(&p, in, used);
    return FL_OK;
}

static int floor_connect_build(void)
{
    fl_connect c = {.version = 4,
                    .clean = true,
                    .keep_alive = bench_app.keep_alive,
                    .client_id = view(bench_app.client_id),
                    .will = true,
                    .will_qos = 1,
                    .will_retain = true,
                    .will_topic = view(bench_app.will_topic),
                    .will_payload = view(bench_app.will_message),
                    .has_username = true,
                    .username = view(bench_app.username),
                    .has_password = true,
                    .password = view(bench_app.password)};
    size_t len = 0;
    int rc = fl_connect_build(bench_out, sizeof bench_out, &c, &len);
    bench_out_len = len;
    return rc;
}

static int floor_connect_parse(void)
{
    const uint8_t *in = bench_ref.connect.ptr;
    fl_connect c;
    size_t used = 0;
    int rc = fl_connect_parse(in, bench_ref.connect.len, &c, &used);
    if (rc)
        return rc;
    record_connect(&c, in, used);
    return FL_OK;
}

static int floor_subscribe_build(void)
{
    fl_sub subs[3] = {
        {.filter = view(bench_app.filters[0]), .qos = bench_app.filter_qos[0]},
        {.filter = view(bench_app.filters[1]), .qos = bench_app.filter_qos[1]},
        {.filter = view(bench_app.filters[2]), .qos = bench_app.filter_qos[2]},
    };
    fl_subscribe s = {.packet_id = bench_app.subscribe_id, .subs = subs, .n = 3};
    size_t len = 0;
    int rc = fl_subscribe_build(bench_out, sizeof bench_out, &s, false, &len);
    bench_out_len = len;
    return rc;
}

static int subscribe_parse(bench_bytes pkt, bool v5)
{
    const uint8_t *in = pkt.ptr;
    fl_subscribe s;
    size_t used = 0;
    int rc = fl_subscribe_parse(in, pkt.len, v5, &s, &used);
    if (rc)
        return rc;
    bench_rec[0] = s.packet_id;
    size_t k = 2, n = 0;
    fl_iter it = {s.list.ptr, s.list.ptr + s.list.len};
    fl_sub e;
    while (fl_sub_next(&it, v5, &e) && k + 6 < BENCH_REC_MAX) {
        bench_rec[k++] = AT(e.filter, in);
        bench_rec[k++] = e.filter.len;
        bench_rec[k++] = e.qos;
        bench_rec[k++] = e.no_local;
        bench_rec[k++] = e.retain_as_published;
        bench_rec[k++] = e.retain_handling;
        n++;
    }
    bench_rec[1] = n; /* the floor counts while it walks */
    bench_rec[k] = used;
    return FL_OK;
}

static int floor_subscribe_parse(void)
{
    return subscribe_parse(bench_ref.subscribe, false);
}

static int floor_puback_build(void)
{
    fl_ack ack = {.type = 4, .packet_id = bench_app.packet_id};
    size_t len = 0;
    int rc = fl_ack_build(bench_out, sizeof bench_out, &ack, false, &len);
    bench_out_len = len;
    return rc;
}

static int puback_parse(bench_bytes pkt, bool v5)
{
    fl_ack a;
    size_t used = 0;
    int rc = fl_ack_parse(pkt.ptr, pkt.len, v5, &a, &used);
    if (rc)
        return rc;
    bench_rec[0] = a.type;
    bench_rec[1] = a.packet_id;
    bench_rec[2] = a.code;
    bench_rec[3] = 0; /* no properties: the floor does not look */
    bench_rec[4] = used;
    return FL_OK;
}

static int floor_puback_parse(void)
{
    return puback_parse(bench_ref.puback, false);
}

static int floor_publish5_build(void)
{
    fl_prop props[3] = {
        {.id = 0x23, .num = bench_app.topic_alias},
        {.id = 0x26, .a = view(bench_app.user_names[0]), .b = view(bench_app.user_values[0])},
        {.id = 0x26, .a = view(bench_app.user_names[1]), .b = view(bench_app.user_values[1])},
    };
    fl_publish pub = {.qos = 1,
                      .packet_id = bench_app.packet_id,
                      .topic = view(bench_app.topic),
                      .list = props,
                      .n = 3,
                      .payload = view(bench_app.payload)};
    size_t len = 0;
    int rc = fl_publish_build(bench_out, sizeof bench_out, &pub, true, false, &len);
    bench_out_len = len;
    return rc;
}

static int floor_publish5_parse(void)
{
    const uint8_t *in = bench_ref.publish5.ptr;
    fl_publish p;
    size_t used = 0;
    int rc = fl_publish_parse(in, bench_ref.publish5.len, true, &p, &used);
    if (rc)
        return rc;
    record_publish(&p, in, used);
    record_props(p.props, in, 9);
    return FL_OK;
}

static int floor_connect5_build(void)
{
    fl_prop props[5] = {
        {.id = 0x11, .num = bench_app.session_expiry},
        {.id = 0x21, .num = bench_app.receive_max},
        {.id = 0x27, .num = bench_app.max_packet_size},
        {.id = 0x22, .num = bench_app.topic_alias_max},
        {.id = 0x26, .a = view(bench_app.app_name), .b = view(bench_app.app_value)},
    };
    fl_connect c = {.version = 5,
                    .clean = true,
                    .keep_alive = bench_app.keep_alive,
                    .list = props,
                    .n = 5,
                    .client_id = view(bench_app.client_id),
                    .will = true,
                    .will_qos = 1,
                    .will_retain = true,
                    .will_topic = view(bench_app.will_topic),
                    .will_payload = view(bench_app.will_message),
                    .has_username = true,
                    .username = view(bench_app.username),
                    .has_password = true,
                    .password = view(bench_app.password)};
    size_t len = 0;
    int rc = fl_connect_build(bench_out, sizeof bench_out, &c, &len);
    bench_out_len = len;
    return rc;
}

static int floor_connect5_parse(void)
{
    const uint8_t *in = bench_ref.connect5.ptr;
    fl_connect c;
    size_t used = 0;
    int rc = fl_connect_parse(in, bench_ref.connect5.len, &c, &used);
    if (rc)
        return rc;
    record_connect(&c, in, used);
    size_t k = record_props(c.props, in, 19);
    record_props(c.will_props, in, k);
    return FL_OK;
}

static int floor_puback5_build(void)
{
    fl_ack ack = {.type = 4, .packet_id = bench_app.packet_id, .code = bench_app.puback_code};
    size_t len = 0;
    int rc = fl_ack_build(bench_out, sizeof bench_out, &ack, true, &len);
    bench_out_len = len;
    return rc;
}

static int floor_puback5_parse(void)
{
    return puback_parse(bench_ref.puback5, true);
}

static int floor_subscribe5_build(void)
{
    fl_sub subs[3] = {
        {.filter = view(bench_app.filters[0]), .qos = bench_app.filter_qos[0]},
        {.filter = view(bench_app.filters[1]), .qos = bench_app.filter_qos[1], .no_local = true},
        {.filter = view(bench_app.filters[2]),
         .qos = bench_app.filter_qos[2],
         .retain_as_published = true,
         .retain_handling = 1},
    };
    fl_subscribe s = {.packet_id = bench_app.subscribe_id, .subs = subs, .n = 3};
    size_t len = 0;
    int rc = fl_subscribe_build(bench_out, sizeof bench_out, &s, true, &len);
    bench_out_len = len;
    return rc;
}

static int floor_subscribe5_parse(void)
{
    return subscribe_parse(bench_ref.subscribe5, true);
}

/* ---- the stream ------------------------------------------------------------------ */

/* The receive loop of caller.c over the floor: frame, parse by type,
 * hand on the same values. */
static bench_stream floor_stream_state;

static int floor_stream(void)
{
    bench_stream *s = &floor_stream_state;
    const uint8_t *buf = bench_ref.stream.ptr + s->pos;
    size_t have = bench_ref.stream.len - s->pos, hdr, need;
    if (fl_frame(buf, have, &hdr, &need))
        return FL_SHORT;
    uint64_t d = s->digest;
    switch (buf[0] >> 4) {
    case 3: {
        fl_publish p;
        if (fl_publish_body(buf, hdr, need, false, &p))
            return FL_SHORT;
        d = bench_digest(d, 3);
        d = bench_digest(d, p.qos);
        d = bench_digest(d, p.packet_id);
        d = bench_digest(d, p.topic.len);
        d = bench_digest(d, p.payload.len);
        break;
    }
    case 4: {
        fl_ack a;
        if (fl_ack_body(buf, hdr, need, false, &a))
            return FL_SHORT;
        d = bench_digest(d, 4);
        d = bench_digest(d, a.packet_id);
        break;
    }
    case 12:
        d = bench_digest(d, 12);
        break;
    case 8: {
        fl_subscribe sub;
        if (fl_subscribe_body(buf, hdr, need, false, &sub))
            return FL_SHORT;
        d = bench_digest(d, 8);
        d = bench_digest(d, sub.packet_id);
        fl_iter it = {sub.list.ptr, sub.list.ptr + sub.list.len};
        fl_sub e;
        while (fl_sub_next(&it, false, &e)) {
            d = bench_digest(d, e.filter.len);
            d = bench_digest(d, e.qos);
        }
        break;
    }
    default:
        return FL_SHORT;
    }
    s->digest = bench_digest(d, need);
    s->pos += need;
    if (s->pos == bench_ref.stream.len)
        s->pos = 0;
    return FL_OK;
}

/* ---- checks ---------------------------------------------------------------------- */

#define CHECK_BUILD(fn, ref)                                                                       \
    static int check_##fn(void)                                                                    \
    {                                                                                              \
        return fn() || bench_check_bytes(#fn, bench_ref.ref);                                      \
    }
CHECK_BUILD(floor_publish_build_64, publish_64)
CHECK_BUILD(floor_publish_header_64, publish_header)
CHECK_BUILD(floor_connect_build, connect)
CHECK_BUILD(floor_subscribe_build, subscribe)
CHECK_BUILD(floor_puback_build, puback)
CHECK_BUILD(floor_publish5_build, publish5)
CHECK_BUILD(floor_connect5_build, connect5)
CHECK_BUILD(floor_puback5_build, puback5)
CHECK_BUILD(floor_subscribe5_build, subscribe5)

#define CHECK_PARSE(fn, expect, ref, v5)                                                           \
    static int check_##fn(void)                                                                    \
    {                                                                                              \
        uintptr_t want[BENCH_REC_MAX];                                                             \
        size_t n = expect(want, bench_ref.ref, v5);                                                \
        memset(bench_rec, 0xA5, sizeof bench_rec);                                                 \
        return fn() || bench_check_record(#fn, want, n);                                           \
    }
CHECK_PARSE(floor_publish_parse_64, bench_expect_publish, publish_64, 0)
CHECK_PARSE(floor_publish5_parse, bench_expect_publish, publish5, 1)
CHECK_PARSE(floor_connect_parse, bench_expect_connect, connect, 0)
CHECK_PARSE(floor_connect5_parse, bench_expect_connect, connect5, 1)
CHECK_PARSE(floor_subscribe_parse, bench_expect_subscribe, subscribe, 0)
CHECK_PARSE(floor_subscribe5_parse, bench_expect_subscribe, subscribe5, 1)

static int check_puback(int (*fn)(void), const char *name, uintptr_t code, uintptr_t used)
{
    const uintptr_t want[5] = {4, 42, code, 0, used};
    memset(bench_rec, 0xA5, sizeof bench_rec);
    return fn() || bench_check_record(name, want, 5);
}

static int check_floor_puback_parse(void)
{
    return check_puback(floor_puback_parse, "floor_puback_parse", 0, 4);
}

static int check_floor_puback5_parse(void)
{
    return check_puback(floor_puback5_parse, "floor_puback5_parse", 0x10, 5);
}

static int check_floor_stream(void)
{
    bench_stream *s = &floor_stream_state;
    s->pos = 0;
    s->digest = 0;
    for (size_t i = 0; i < bench_ref.stream_packets; i++) {
        if (floor_stream()) {
            fprintf(stderr, "bench: floor.stream fails on packet %zu\n", i);
            return 1;
        }
    }
    int bad = s->pos != 0 || s->digest != bench_ref.stream_digest;
    if (bad)
        fprintf(stderr, "bench: floor.stream: one pass ends at %zu with digest %llx, not %llx\n",
                s->pos, (unsigned long long)s->digest, (unsigned long long)bench_ref.stream_digest);
    s->digest = 0;
    return bad;
}

#define OP(name, bytes)                                                                            \
    {                                                                                              \
        "floor." #name, floor_##name, check_floor_##name, bytes, 0                                 \
    }
const bench_op bench_floor_ops[] = {
    OP(publish_parse_64, 0),  OP(publish_build_64, 0),
    OP(publish_header_64, 0), OP(connect_build, 0),
    OP(connect_parse, 0),     OP(subscribe_build, 0),
    OP(subscribe_parse, 0),   OP(puback_build, 4),
    OP(puback_parse, 4),      OP(publish5_build, 0),
    OP(publish5_parse, 0),    OP(connect5_build, 0),
    OP(connect5_parse, 0),    OP(puback5_build, 5),
    OP(puback5_parse, 5),     OP(subscribe5_build, 0),
    OP(subscribe5_parse, 0),  {"floor.stream", floor_stream, check_floor_stream, 0, 1},
};
const size_t bench_floor_n = sizeof bench_floor_ops / sizeof bench_floor_ops[0];
