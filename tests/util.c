/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * The test machinery declared in util.h. Everything a table row promises is
 * checked here once, so that suites stay tables: the parse result, the
 * rebuild, and the three sweeps (prefixes, capacities, guard page).
 *
 * The harness recomputes what it checks from the bytes alone (the need of
 * a prefix, the expected build) instead of asking lib/, so that a bug in the
 * library cannot confirm itself.
 *
 * With MQW_CORPUS_DIR set in the environment, every vector is also written
 * there as a fuzz seed (see corpus_write).
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS is not in C99 + POSIX.1-2008 */

#include "util.h"

#include "fuzz_options.h"
#include "packet_eq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct test_counts test_counts;

/* Bytes a builder must never touch: past `cap`, or anything on a refusal. */
#define CANARY 0xA5
#define CANARY_LEN 16

/* A parsed struct is first filled with this byte so that a field the parser
 * forgets to set shows up as a difference (0x01 keeps bools valid). */
#define DIRTY 0x01

/* What diag.rule holds before a call, so "never set" is told from NULL. */
static const char diag_unset[] = "<diag.rule not set>";

static const char *show_rule(const char *rule)
{
    return rule ? rule : "NULL";
}

/* Whether diag.rule is the row a vector expects. A harness built with
 * MQW_TEST_NO_RULE_IDS checks a library built with MQW_NO_RULE_IDS, which
 * reports the same errors at the same offsets but never a rule. */
static bool rule_is(const char *got, const char *want)
{
#ifdef MQW_TEST_NO_RULE_IDS
    (void)want;
    return got == NULL;
#else
    return got != NULL && strcmp(got, want) == 0;
#endif
}

static void diag_poison(mqw_diag *diag)
{
    diag->offset = (size_t)-1;
    diag->rule = diag_unset;
    diag->dropped = 0;
}

/* ---- hex ---------------------------------------------------------------- */

static int hex_digit(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* UTF-8 of U+2016, the separator CONFORMANCE.md uses, accepted like '|' so
 * its examples can be pasted as they are. */
static const char double_bar[] = "\xE2\x80\x96";

/* see util.h */
size_t hex_decode(const char *hex, uint8_t *out, size_t cap, size_t *packet_len)
{
    ck_assert_msg(hex != NULL, "hex_decode: hex is NULL");
    size_t n = 0;
    size_t split = (size_t)-1;
    int high = -1;

    for (size_t i = 0; hex[i]; i++) {
        unsigned char c = (unsigned char)hex[i];
        bool bar = c == '|';
        if (!bar && strncmp(hex + i, double_bar, 3) == 0) {
            bar = true;
            i += 2;
        }
        if (bar || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            /* A byte split by a space is a typo, not two nibbles. */
            ck_assert_msg(high < 0, "hex_decode: lone nibble before offset %zu of \"%s\"", i, hex);
            if (bar) {
                ck_assert_msg(split == (size_t)-1, "hex_decode: second '|' in \"%s\"", hex);
                split = n;
            }
            continue;
        }
        int d = hex_digit(c);
        ck_assert_msg(d >= 0, "hex_decode: bad character 0x%02X at offset %zu of \"%s\"", c, i,
                      hex);
        if (high < 0) {
            high = d;
            continue;
        }
        ck_assert_msg(n < cap, "hex_decode: more than %zu bytes in \"%s\"", cap, hex);
        out[n++] = (uint8_t)(high << 4 | d);
        high = -1;
    }
    ck_assert_msg(high < 0, "hex_decode: odd number of digits in \"%s\"", hex);
    if (packet_len)
        *packet_len = split == (size_t)-1 ? n : split;
    return n;
}

/* Heap copy of a hex string's bytes; the caller frees it. */
static uint8_t *hex_alloc(const char *hex, size_t *total, size_t *packet_len)
{
    ck_assert_msg(hex != NULL, "vector without hex");
    size_t cap = strlen(hex) / 2 + 1;
    uint8_t *buf = malloc(cap);
    ck_assert_msg(buf != NULL, "out of memory");
    *total = hex_decode(hex, buf, cap, packet_len);
    return buf;
}

/* ---- guard page --------------------------------------------------------- */

static size_t page_size(void)
{
    long page = sysconf(_SC_PAGESIZE);
    return page > 0 ? (size_t)page : 4096;
}

static size_t data_pages(size_t len, size_t page)
{
    return len ? (len + page - 1) / page : 1;
}

/* see util.h */
uint8_t *guard_alloc(const uint8_t *data, size_t len)
{
    size_t page = page_size();
    size_t pages = data_pages(len, page);
    void *map =
        mmap(NULL, (pages + 1) * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert_msg(map != MAP_FAILED, "guard_alloc: mmap failed");
    uint8_t *base = map;
    ck_assert_msg(mprotect(base + pages * page, page, PROT_NONE) == 0,
                  "guard_alloc: mprotect failed");
    uint8_t *p = base + pages * page - len;
    if (len)
        memcpy(p, data, len);
    return p;
}

/* see util.h */
void guard_free(uint8_t *p, size_t len)
{
    size_t page = page_size();
    size_t pages = data_pages(len, page);
    munmap(p + len - pages * page, (pages + 1) * page);
}

/* ---- deep comparison ---------------------------------------------------- */

/* see util.h; the comparison itself is packet_eq.c, shared with fuzz/. */
void check_packet_eq(const mqw_packet *want, const mqw_packet *got, int version, const char *name)
{
    char msg[600];
    if (packet_diff(want, got, version, msg, sizeof msg))
        ck_abort_msg("%s: %s", name ? name : "(unnamed)", msg);
}

/* ---- what a successful parse must look like ----------------------------- */

typedef struct shape {
    const char *name;
    const uint8_t *buf;
    size_t len;
} shape;

/* Zero-copy: every non-empty view a parser returns lies inside the packet. */
static void view_inside(const shape *s, const char *field, mqw_bytes b)
{
    if (b.len == 0)
        return;
    /* As integers: comparing pointers into different objects is undefined,
     * and a view that points elsewhere is exactly the case to catch. */
    uintptr_t start = (uintptr_t)s->buf, at = (uintptr_t)b.ptr;
    bool inside = at >= start && b.len <= s->len && at - start <= s->len - b.len;
    ck_assert_msg(inside, "%s: %s: view of %zu bytes does not point into the packet (unset?)",
                  s->name, field, b.len);
}

static void props_shape(const shape *s, const char *field, const mqw_props *p)
{
    ck_assert_msg(p->list == NULL, "%s: %s.list must be NULL after a parse", s->name, field);
    view_inside(s, field, p->raw);
    /* An empty block holds nothing; a non-empty one at least one property. */
    ck_assert_msg((p->raw.len == 0) == (p->n == 0), "%s: %s: %zu bytes but n = %zu", s->name, field,
                  p->raw.len, p->n);
}

/* The parse-side invariants of util.h and mqttwire.h, checked before any
 * comparison so that an unset field fails here with a clear message instead
 * of being dereferenced. */
static void check_parsed_shape(const mqw_packet *p, const uint8_t *buf, size_t len,
                               const char *name)
{
    shape s = {name, buf, len};
    switch (p->type) {
    case MQW_CONNECT: {
        const mqw_connect *k = &p->u.connect;
        view_inside(&s, "connect.protocol_name", k->protocol_name);
        props_shape(&s, "connect.props", &k->props);
        view_inside(&s, "connect.client_id", k->client_id);
        props_shape(&s, "connect.will_props", &k->will_props);
        view_inside(&s, "connect.will_topic", k->will_topic);
        view_inside(&s, "connect.will_payload", k->will_payload);
        view_inside(&s, "connect.username", k->username);
        view_inside(&s, "connect.password", k->password);
        break;
    }
    case MQW_CONNACK:
        props_shape(&s, "connack.props", &p->u.connack.props);
        break;
    case MQW_PUBLISH:
        view_inside(&s, "publish.topic", p->u.publish.topic);
        props_shape(&s, "publish.props", &p->u.publish.props);
        view_inside(&s, "publish.payload", p->u.publish.payload);
        break;
    case MQW_PUBACK:
    case MQW_PUBREC:
    case MQW_PUBREL:
    case MQW_PUBCOMP:
        ck_assert_msg(p->u.ack.type == p->type, "%s: ack.type %u differs from the type %u", name,
                      p->u.ack.type, p->type);
        props_shape(&s, "ack.props", &p->u.ack.props);
        break;
    case MQW_SUBSCRIBE:
        ck_assert_msg(p->u.subscribe.subs == NULL, "%s: subscribe.subs must be NULL", name);
        props_shape(&s, "subscribe.props", &p->u.subscribe.props);
        view_inside(&s, "subscribe.list", p->u.subscribe.list);
        break;
    case MQW_SUBACK:
        props_shape(&s, "suback.props", &p->u.suback.props);
        view_inside(&s, "suback.codes", p->u.suback.codes);
        break;
    case MQW_UNSUBSCRIBE:
        ck_assert_msg(p->u.unsubscribe.filters == NULL, "%s: unsubscribe.filters must be NULL",
                      name);
        props_shape(&s, "unsubscribe.props", &p->u.unsubscribe.props);
        view_inside(&s, "unsubscribe.list", p->u.unsubscribe.list);
        break;
    case MQW_UNSUBACK:
        props_shape(&s, "unsuback.props", &p->u.unsuback.props);
        view_inside(&s, "unsuback.codes", p->u.unsuback.codes);
        break;
    case MQW_DISCONNECT:
    case MQW_AUTH:
        props_shape(&s, "disconnect/auth.props", &p->u.disconnect.props);
        break;
    default:
        break;
    }
}

/* ---- the vector runner -------------------------------------------------- */

static mqw_limits vec_limits(const vec *v)
{
    mqw_limits lim = {v->max_packet_size, v->flags, v->role};
    return lim;
}

/* A row's role is the receiver's; the packet it accepts was sent by the
 * other side, so that is the role to build it with (C-17). */
static mqw_limits sender_limits(const vec *v)
{
    mqw_limits lim = vec_limits(v);
    if (lim.role == MQW_ROLE_CLIENT)
        lim.role = MQW_ROLE_SERVER;
    else if (lim.role == MQW_ROLE_SERVER)
        lim.role = MQW_ROLE_CLIENT;
    return lim;
}

/* The "need more" a parser must report for the first k bytes of a packet
 * whose Remaining Length starts at p[1]: 2 until the RL's first byte is
 * there; while every RL byte seen so far (j of them, value v) has its
 * continuation bit, the smallest packet they can start: the next byte ends
 * the RL, adding 128^j at least when the RL must be minimal, nothing when a
 * 3.x peer may pad it; then the packet's own total. Written out here, not
 * taken from frame.c, so that the library's varint code does not check
 * itself. */
static size_t reference_need(const uint8_t *p, size_t k, uint32_t flags, int version)
{
    if (k < 2)
        return 2;
    size_t j = 0, value = 0;
    while (j < 4 && 1 + j < k && (p[1 + j] & 0x80)) {
        value |= (size_t)(p[1 + j] & 0x7F) << (7 * j);
        j++;
    }
    if (1 + j == k || j == 4) {
        if ((flags & MQW_LENIENT_VARINT) && version != MQW_V5)
            return 1 + j + 1 + value;
        return 1 + (j + 1) + value + ((size_t)1 << (7 * j));
    }
    size_t remaining = 0;
    for (size_t i = 0; i <= j; i++)
        remaining |= (size_t)(p[1 + i] & 0x7F) << (7 * i);
    return 1 + (j + 1) + remaining;
}

static void expect_bytes(const char *name, const char *what, const uint8_t *want, size_t want_len,
                         const uint8_t *got, size_t got_len)
{
    if (want_len == got_len && memcmp(want, got, want_len) == 0)
        return;
    size_t at = 0;
    while (at < want_len && at < got_len && want[at] == got[at])
        at++;
    char w[200], g[200];
    mqw_bytes wb = {want, want_len}, gb = {got, got_len};
    ck_abort_msg("%s: %s: bytes differ at offset %zu\n  want %zu [%s]\n  got  %zu [%s]", name, what,
                 at, want_len, packet_eq_hex(wb, w, sizeof w), got_len,
                 packet_eq_hex(gb, g, sizeof g));
}

/* Build `pkt` into exactly `want_len` bytes (canary after), expect `want`;
 * mqw_size must agree. */
static void check_build(const vec *v, const mqw_packet *pkt, const char *what, const uint8_t *want,
                        size_t want_len)
{
    mqw_limits lim = sender_limits(v);
    uint8_t *out = malloc(want_len + CANARY_LEN);
    ck_assert_msg(out != NULL, "out of memory");
    memset(out, CANARY, want_len + CANARY_LEN);
    mqw_diag diag;
    diag_poison(&diag);
    size_t len = (size_t)-1;

    int rc = mqw_build(out, want_len, pkt, v->version, &lim, &diag, &len);
    ck_assert_msg(rc == MQW_OK, "%s: %s: mqw_build returned %s (rule %s), %zu bytes expected",
                  v->name, what, mqw_strerror(rc), show_rule(diag.rule), want_len);
    ck_assert_msg(len == want_len, "%s: %s: mqw_build wrote %zu bytes, expected %zu", v->name, what,
                  len, want_len);
    expect_bytes(v->name, what, want, want_len, out, len);
    for (size_t i = want_len; i < want_len + CANARY_LEN; i++)
        ck_assert_msg(out[i] == CANARY, "%s: %s: mqw_build wrote past cap at %zu", v->name, what,
                      i);
    free(out);

    len = (size_t)-1;
    rc = mqw_size(pkt, v->version, &lim, &len);
    ck_assert_msg(rc == MQW_OK && len == want_len, "%s: %s: mqw_size gave %s, %zu; expected %zu",
                  v->name, what, mqw_strerror(rc), len, want_len);
}

/* Every capacity below the length, then the size query: NOSPACE, the exact
 * length, and nothing written at or after buf[cap]. Returns the cases run. */
static unsigned long capacity_sweep(const vec *v, const mqw_packet *pkt, const char *what,
                                    size_t blen)
{
    mqw_limits lim = sender_limits(v);
    uint8_t *area = malloc(blen + CANARY_LEN);
    ck_assert_msg(area != NULL, "out of memory");
    unsigned long cases = 0;

    for (size_t cap = 0; cap < blen; cap++) {
        memset(area, CANARY, cap + CANARY_LEN);
        size_t len = 0;
        int rc = mqw_build(area, cap, pkt, v->version, &lim, NULL, &len);
        ck_assert_msg(
            rc == MQW_ERR_NOSPACE && len == blen,
            "%s: %s with cap %zu: got %s and length %zu, expected MQW_ERR_NOSPACE and %zu", v->name,
            what, cap, mqw_strerror(rc), len, blen);
        for (size_t i = cap; i < cap + CANARY_LEN; i++)
            ck_assert_msg(area[i] == CANARY, "%s: %s with cap %zu: byte %zu written", v->name, what,
                          cap, i);
        cases++;
    }
    free(area);

    size_t len = 0;
    int rc = mqw_build(NULL, 0, pkt, v->version, &lim, NULL, &len);
    ck_assert_msg(rc == MQW_ERR_NOSPACE && len == blen,
                  "%s: %s size query: got %s and length %zu, expected MQW_ERR_NOSPACE and %zu",
                  v->name, what, mqw_strerror(rc), len, blen);
    cases++;
    return cases;
}

/* Every proper prefix of the packet, each placed against a PROT_NONE page
 * so that a read past `k` faults: NEED_MORE with the reference need. */
static unsigned long prefix_sweep(const vec *v, const uint8_t *buf, size_t plen)
{
    mqw_limits lim = vec_limits(v);
    uint8_t *area = guard_alloc(buf, plen);
    unsigned long cases = 0;

    for (size_t k = 0; k < plen; k++) {
        uint8_t *at = area + plen - k;
        memmove(at, buf, k);
        mqw_packet out, dirt;
        memset(&out, DIRTY, sizeof out);
        memset(&dirt, DIRTY, sizeof dirt);
        size_t used = 0;
        int rc = mqw_parse(at, k, &out, v->version, &lim, NULL, &used);
        size_t need = reference_need(buf, k, v->flags, v->version);
        ck_assert_msg(rc == MQW_ERR_NEED_MORE && used == need,
                      "%s: prefix of %zu bytes: got %s with used %zu, expected "
                      "MQW_ERR_NEED_MORE with %zu",
                      v->name, k, mqw_strerror(rc), used, need);
        /* Regression (review): `out` is not written on NEED_MORE, so a
         * stream reader may keep it across reads -- but for the type,
         * which mqw_parse sets from any first byte. */
        if (k > 0)
            dirt.type = (uint8_t)(buf[0] >> 4);
        ck_assert_msg(memcmp(&out, &dirt, sizeof out) == 0,
                      "%s: prefix of %zu bytes: NEED_MORE wrote to `out`", v->name, k);
        cases++;
    }
    guard_free(area, plen);
    return cases;
}

static void counted_prefix_sweep(const vec *v, const uint8_t *buf, size_t plen)
{
    unsigned long n = prefix_sweep(v, buf, plen);
    ck_assert_msg(n == plen, "%s: prefix sweep ran %lu of %zu cases", v->name, n, plen);
    test_counts.prefix_cases += n;
}

/* A row whose packet parses but must not be built (build_err): refused
 * with nothing written, by the builder and by the size query alike. */
static void check_refusal(const vec *v, const mqw_packet *pkt, const char *what)
{
    mqw_limits lim = sender_limits(v);
    uint8_t area[512];
    memset(area, CANARY, sizeof area);
    mqw_diag diag;
    diag_poison(&diag);
    size_t len = (size_t)-1;
    int rc = mqw_build(area, sizeof area, pkt, v->version, &lim, &diag, &len);
    ck_assert_msg(rc == v->build_err, "%s: %s: mqw_build returned %s, expected %s", v->name, what,
                  mqw_strerror(rc), mqw_strerror(v->build_err));
    ck_assert_msg(len == 0, "%s: %s: a refusal must set *len = 0", v->name, what);
    for (size_t i = 0; i < sizeof area; i++)
        ck_assert_msg(area[i] == CANARY, "%s: %s: refused build wrote byte %zu", v->name, what, i);
    if (v->build_rule)
        ck_assert_msg(rule_is(diag.rule, v->build_rule), "%s: %s: rule %s, expected %s", v->name,
                      what, show_rule(diag.rule), v->build_rule);
    rc = mqw_size(pkt, v->version, &lim, &len);
    ck_assert_msg(rc == v->build_err, "%s: %s: mqw_size returned %s, expected %s", v->name, what,
                  mqw_strerror(rc), mqw_strerror(v->build_err));
}

/* The checks of a row whose packet parses. */
/* A size limit of exactly the packet's length lets it through; one byte
 * less refuses it, parsed (the receiver's limit) and built (the peer's),
 * whichever path -- fast or full -- judges it. Rows that set a limit or
 * let the builder trim to fit say what they expect themselves. */
static void size_limit_sweep(const vec *v, const uint8_t *buf, size_t plen,
                             const mqw_packet *parsed, size_t built_len)
{
    if (v->max_packet_size || (v->flags & MQW_TRIM_TO_FIT))
        return;
    for (size_t extra = 0; extra < 2; extra++) {
        mqw_limits lim = vec_limits(v);
        lim.max_packet_size = (uint32_t)(plen - 1 + extra);
        mqw_packet p;
        int want = extra ? MQW_OK : MQW_ERR_TOO_LARGE;
        int rc = mqw_parse(buf, plen, &p, v->version, &lim, NULL, NULL);
        ck_assert_msg(rc == want, "%s: parse under a limit of %u bytes returned %s, expected %s",
                      v->name, lim.max_packet_size, mqw_strerror(rc), mqw_strerror(want));

        lim = sender_limits(v);
        lim.max_packet_size = (uint32_t)(built_len - 1 + extra);
        uint8_t *area = malloc(built_len);
        ck_assert_msg(area != NULL, "out of memory");
        size_t len = 0;
        want = extra ? MQW_OK : MQW_ERR_TOO_LARGE;
        rc = mqw_build(area, built_len, parsed, v->version, &lim, NULL, &len);
        free(area);
        ck_assert_msg(rc == want, "%s: build under a limit of %u bytes returned %s, expected %s",
                      v->name, lim.max_packet_size, mqw_strerror(rc), mqw_strerror(want));
    }
}

static void run_valid(const vec *v, const uint8_t *buf, size_t total, size_t plen,
                      const mqw_packet *out, size_t used)
{
    ck_assert_msg(used == plen, "%s: used %zu, the packet has %zu bytes", v->name, used, plen);
    check_parsed_shape(out, buf, plen, v->name);

    /* The same parse into a dirty struct: a field the parser does not set
     * keeps the dirt and differs. */
    mqw_limits lim = vec_limits(v);
    mqw_packet dirty;
    memset(&dirty, DIRTY, sizeof dirty);
    int rc = mqw_parse(buf, total, &dirty, v->version, &lim, NULL, NULL);
    ck_assert_msg(rc == MQW_OK, "%s: second parse returned %s", v->name, mqw_strerror(rc));
    char what[300];
    snprintf(what, sizeof what, "%s (parsed into a struct filled with 0x%02X)", v->name, DIRTY);
    check_parsed_shape(&dirty, buf, plen, what);
    check_packet_eq(out, &dirty, v->version, what);

    if (v->pkt.type != 0)
        check_packet_eq(&v->pkt, out, v->version, v->name);

    /* What a build must produce: the canonical form, else the input. */
    size_t canon_len = 0, canon_plen = 0;
    uint8_t *canon = v->canon ? hex_alloc(v->canon, &canon_len, &canon_plen) : NULL;
    const uint8_t *want = canon ? canon : buf;
    size_t want_len = canon ? canon_plen : plen;

    if (v->build_err) {
        if (v->pkt.type != 0)
            check_refusal(v, &v->pkt, "build of the table's struct");
        check_refusal(v, out, "rebuild of the parsed packet");
        free(canon);
        counted_prefix_sweep(v, buf, plen);
        return;
    }
    if (v->pkt.type != 0) {
        check_build(v, &v->pkt, "build of the table's struct", want, want_len);
        unsigned long n = capacity_sweep(v, &v->pkt, "build of the table's struct", want_len);
        ck_assert_msg(n == want_len + 1, "%s: capacity sweep ran %lu cases", v->name, n);
        test_counts.capacity_cases += n;
    }
    check_build(v, out, "rebuild of the parsed packet", want, want_len);
    unsigned long n = capacity_sweep(v, out, "rebuild of the parsed packet", want_len);
    ck_assert_msg(n == want_len + 1, "%s: capacity sweep ran %lu cases", v->name, n);
    test_counts.capacity_cases += n;
    free(canon);
    size_limit_sweep(v, buf, plen, out, want_len);

    counted_prefix_sweep(v, buf, plen);
}

/* A vector as a seed for fuzz/fuzz_parse.c and fuzz_frame.c: the option
 * bytes of fuzz/fuzz_options.h, then the input. Named by a hash of the
 * content, so reruns overwrite instead of multiplying files. Only when
 * MQW_CORPUS_DIR is set. */
static void corpus_write(const vec *v, const uint8_t *buf, size_t total)
{
    const char *dir = getenv("MQW_CORPUS_DIR");
    if (!dir || !*dir)
        return;
    mqw_limits lim = vec_limits(v);
    /* CONNECT rows may leave the version 0: the packet carries its own. */
    int version = v->version >= MQW_V31 && v->version <= MQW_V5 ? v->version : MQW_V311;
    uint8_t head[FUZZ_OPTION_BYTES];
    fuzz_options_encode(version, &lim, head);

    uint64_t hash = 14695981039346656037u; /* FNV-1a */
    for (size_t i = 0; i < sizeof head + total; i++) {
        hash ^= i < sizeof head ? head[i] : buf[i - sizeof head];
        hash *= 1099511628211u;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/vec-%016llx", dir, (unsigned long long)hash);
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "%s: cannot write %s", v->name, path);
    bool written =
        fwrite(head, 1, sizeof head, f) == sizeof head && fwrite(buf, 1, total, f) == total;
    ck_assert_msg(fclose(f) == 0 && written, "%s: cannot write %s", v->name, path);
}

/* The codes after which mqw_connect_parse has filled `out` anyway. */
static bool fills_out(int err)
{
    return err == MQW_ERR_PROTOCOL_NAME || err == MQW_ERR_PROTOCOL_VERSION ||
           err == MQW_ERR_CLIENT_ID;
}

/* Parse `len` bytes at `at` with `lim` again and require the answer of the
 * row's first parse: verdict, offset and rule (errors), used (OK and
 * NEED_MORE) and packet (OK). `what` names the second parse. */
static void expect_same_parse(const vec *v, const char *what, const uint8_t *at, size_t len,
                              const mqw_limits *lim, int want_rc, const mqw_packet *want_out,
                              const mqw_diag *want_diag, size_t want_used)
{
    mqw_packet out;
    memset(&out, 0, sizeof out);
    mqw_diag diag;
    diag_poison(&diag);
    size_t used = (size_t)-1;
    int rc = mqw_parse(at, len, &out, v->version, lim, &diag, &used);
    ck_assert_msg(rc == want_rc, "%s: %s returned %s, expected %s", v->name, what, mqw_strerror(rc),
                  mqw_strerror(want_rc));
    if (rc == MQW_OK || rc == MQW_ERR_NEED_MORE) {
        ck_assert_msg(used == want_used, "%s: %s: used %zu, expected %zu", v->name, what, used,
                      want_used);
    } else {
        ck_assert_msg(diag.offset == want_diag->offset, "%s: %s: offset %zu, expected %zu", v->name,
                      what, diag.offset, want_diag->offset);
        ck_assert_msg(diag.rule == want_diag->rule ||
                          (diag.rule && want_diag->rule && !strcmp(diag.rule, want_diag->rule)),
                      "%s: %s: rule %s, expected %s", v->name, what, show_rule(diag.rule),
                      show_rule(want_diag->rule));
    }
    if (rc == MQW_OK)
        check_packet_eq(want_out, &out, v->version, v->name);
}

/* The same parse from a buffer that ends at a PROT_NONE page: a valid
 * packet alone (it must not look past its Remaining Length), any other row
 * with all its bytes (same input, same verdict). */
static void guard_parse(const vec *v, const uint8_t *buf, size_t len, int want_rc,
                        const mqw_packet *want_out, const mqw_diag *want_diag, size_t want_used)
{
    mqw_limits lim = vec_limits(v);
    uint8_t *g = guard_alloc(buf, len);
    expect_same_parse(v, "guard-page parse", g, len, &lim, want_rc, want_out, want_diag, want_used);
    /* Bytes past the Remaining Length belong to the next packet and are
     * never read (regression, review: the PUBLISH fast path read a Topic
     * Name length there). Claim 64 more readable bytes than the packet
     * has: any read of them hits the guard page. */
    if (want_rc == MQW_OK)
        expect_same_parse(v, "parse with bytes after the packet", g, len + 64, &lim, want_rc,
                          want_out, want_diag, want_used);
    guard_free(g, len);
    test_counts.guard_cases++;
}

/* The fast paths (lib/wire.h: MQW_FAST_PATHS) settle the common case in
 * straight line and hand everything else to the full code. Any option
 * flag sends a call down the full path, so with a flag that changes
 * nothing for this packet the same row must give the same verdict, offset,
 * rule, length and packet -- and the same bytes when rebuilt. */
static void check_full_path(const vec *v, const uint8_t *buf, size_t total, int rc,
                            const mqw_packet *out, const mqw_diag *diag, size_t used)
{
    uint32_t neutral = total ? fuzz_neutral_flag(buf[0] >> 4) : 0;
    if (total == 0 || (v->flags & neutral))
        return;
    mqw_limits lim = vec_limits(v);
    lim.flags |= neutral;
    expect_same_parse(v, "the full path's parse", buf, total, &lim, rc, out, diag, used);
    if (rc != MQW_OK || v->build_err)
        return;
    uint8_t hot_bytes[512], full_bytes[512];
    size_t hot_len = 0, full_len = 0;
    mqw_limits build_lim = sender_limits(v);
    int hot_rc =
        mqw_build(hot_bytes, sizeof hot_bytes, out, v->version, &build_lim, NULL, &hot_len);
    build_lim.flags |= neutral;
    int full_rc =
        mqw_build(full_bytes, sizeof full_bytes, out, v->version, &build_lim, NULL, &full_len);
    ck_assert_msg(full_rc == hot_rc && full_len == hot_len, "%s: full build %s/%zu, hot %s/%zu",
                  v->name, mqw_strerror(full_rc), full_len, mqw_strerror(hot_rc), hot_len);
    if (hot_rc == MQW_OK)
        ck_assert_msg(memcmp(hot_bytes, full_bytes, hot_len) == 0, "%s: full and hot builds differ",
                      v->name);
}

/* see util.h */
void run_vec(const vec *v)
{
    test_counts.vectors++;
    ck_assert_msg(v->name != NULL, "vector without a name");
    size_t total = 0, plen = 0;
    uint8_t *buf = hex_alloc(v->hex, &total, &plen);
    corpus_write(v, buf, total);

    mqw_limits lim = vec_limits(v);
    mqw_packet out;
    memset(&out, 0, sizeof out);
    mqw_diag diag;
    diag_poison(&diag);
    size_t used = (size_t)-1;
    int rc = mqw_parse(buf, total, &out, v->version, &lim, &diag, &used);
    ck_assert_msg(rc == v->err, "%s: mqw_parse returned %s (offset %zu, rule %s), expected %s",
                  v->name, mqw_strerror(rc), diag.offset, show_rule(diag.rule),
                  mqw_strerror(v->err));

    check_full_path(v, buf, total, rc, &out, &diag, used);
    if (rc == MQW_OK) {
        run_valid(v, buf, total, plen, &out, used);
    } else if (rc == MQW_ERR_NEED_MORE) {
        size_t need = reference_need(buf, total, v->flags, v->version);
        ck_assert_msg(used == need, "%s: need %zu, expected %zu", v->name, used, need);
    } else {
        ck_assert_msg(diag.offset == v->offset, "%s: %s at offset %zu, expected offset %zu",
                      v->name, mqw_strerror(rc), diag.offset, v->offset);
        /* Inside the packet, not in the bytes of the next one. */
        ck_assert_msg(diag.offset < plen, "%s: offset %zu is not inside the %zu packet bytes",
                      v->name, diag.offset, plen);
        if (v->rule && strcmp(v->rule, RULE_NONE) == 0)
            ck_assert_msg(diag.rule == NULL, "%s: rule %s, expected none", v->name,
                          show_rule(diag.rule));
        else if (v->rule)
            ck_assert_msg(rule_is(diag.rule, v->rule), "%s: rule %s, expected %s", v->name,
                          show_rule(diag.rule), v->rule);
        if (fills_out(rc) && v->pkt.type != 0)
            check_packet_eq(&v->pkt, &out, v->version, v->name);
    }

    if (rc == MQW_OK)
        guard_parse(v, buf, plen, rc, &out, &diag, used);
    else
        guard_parse(v, buf, total, rc, &out, &diag, used);
    free(buf);
}

/* see util.h */
void run_bvec(const bvec *b)
{
    test_counts.bvectors++;
    ck_assert_msg(b->name != NULL, "build vector without a name");
    ck_assert_msg(b->err != MQW_OK && b->err != MQW_ERR_NOSPACE,
                  "%s: a build vector is a refusal, not %s", b->name, mqw_strerror(b->err));
    mqw_limits lim = {b->max_packet_size, b->flags, b->role};
    uint8_t area[512];
    memset(area, CANARY, sizeof area);
    mqw_diag diag;
    diag_poison(&diag);
    size_t len = (size_t)-1;

    int rc = mqw_build(area, sizeof area, &b->pkt, b->version, &lim, &diag, &len);
    ck_assert_msg(rc == b->err, "%s: mqw_build returned %s (rule %s), expected %s", b->name,
                  mqw_strerror(rc), show_rule(diag.rule), mqw_strerror(b->err));
    ck_assert_msg(len == 0, "%s: a refusal must set *len = 0, got %zu", b->name, len);
    for (size_t i = 0; i < sizeof area; i++)
        ck_assert_msg(area[i] == CANARY, "%s: refused build wrote byte %zu", b->name, i);
    if (b->rule)
        ck_assert_msg(rule_is(diag.rule, b->rule), "%s: rule %s, expected %s", b->name,
                      show_rule(diag.rule), b->rule);

    /* The size query and mqw_size refuse the same way. */
    len = (size_t)-1;
    rc = mqw_build(NULL, 0, &b->pkt, b->version, &lim, NULL, &len);
    ck_assert_msg(rc == b->err, "%s: size query returned %s, expected %s", b->name,
                  mqw_strerror(rc), mqw_strerror(b->err));
    rc = mqw_size(&b->pkt, b->version, &lim, &len);
    ck_assert_msg(rc == b->err, "%s: mqw_size returned %s, expected %s", b->name, mqw_strerror(rc),
                  mqw_strerror(b->err));
}

/* see util.h */
size_t user_props_of_size(mqw_property *list, size_t cap, size_t body)
{
    static uint8_t text[65535];
    if (text[0] != 'a')
        memset(text, 'a', sizeof text);
    size_t n = 0;
    ck_assert_msg(body >= 5, "a User Property takes at least 5 bytes, not %zu", body);
    while (body) {
        size_t size = body < USER_PROP_MAX ? body : USER_PROP_MAX;
        /* Leave the last property its 5 bytes. */
        if (body - size != 0 && body - size < 5)
            size -= 5;
        ck_assert_msg(n < cap, "%zu User Properties are too few for the block", cap);
        size_t text_len = size - 5;
        size_t name_len = text_len < sizeof text ? text_len : sizeof text;
        list[n].id = MQW_PROP_USER_PROPERTY;
        list[n].v.pair.name.ptr = text;
        list[n].v.pair.name.len = name_len;
        list[n].v.pair.value.ptr = text;
        list[n].v.pair.value.len = text_len - name_len;
        n++;
        body -= size;
    }
    return n;
}

/* see util.h */
void expect_rl1_verdict(const char *what, const mqw_packet *pkt, int version, bool over,
                        size_t want_len)
{
    size_t len = (size_t)-1;
    if (!over) {
        int rc = mqw_size(pkt, version, NULL, &len);
        ck_assert_msg(rc == MQW_OK && len == want_len, "%s: mqw_size gave %s, %zu; expected %zu",
                      what, mqw_strerror(rc), len, want_len);
        return;
    }
    uint8_t area[64];
    memset(area, CANARY, sizeof area);
    mqw_diag diag;
    diag_poison(&diag);
    int rc = mqw_build(area, sizeof area, pkt, version, NULL, &diag, &len);
    ck_assert_msg(rc == MQW_ERR_TOO_LARGE && len == 0,
                  "%s: mqw_build gave %s, len %zu; expected MQW_ERR_TOO_LARGE, 0", what,
                  mqw_strerror(rc), len);
    ck_assert_msg(rule_is(diag.rule, "RL-1"), "%s: rule %s, expected RL-1", what,
                  show_rule(diag.rule));
    for (size_t i = 0; i < sizeof area; i++)
        ck_assert_msg(area[i] == CANARY, "%s: refused build wrote byte %zu", what, i);
}

/* see util.h */
void expect_string_verdict(const char *what, bool clean, int parse_rc, const mqw_diag *diag,
                           size_t bad_off, int build_rc, const uint8_t *built, size_t built_len,
                           const uint8_t *pkt, size_t n)
{
    if (clean) {
        ck_assert_msg(parse_rc == MQW_OK, "%s: parse: %s", what, mqw_strerror(parse_rc));
        ck_assert_msg(build_rc == MQW_OK, "%s: build: %s", what, mqw_strerror(build_rc));
        ck_assert_uint_eq(built_len, n);
        ck_assert_mem_eq(built, pkt, n);
        return;
    }
    ck_assert_msg(parse_rc == MQW_ERR_UTF8, "%s: parse: %s", what, mqw_strerror(parse_rc));
    ck_assert_msg(diag->offset == bad_off, "%s: offset %zu, expected %zu", what, diag->offset,
                  bad_off);
    ck_assert_msg(build_rc == MQW_ERR_UTF8, "%s: build: %s", what, mqw_strerror(build_rc));
}

int suite_main(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    printf("vectors %lu, build refusals %lu, prefix cases %lu, capacity cases %lu, guard cases "
           "%lu\n",
           test_counts.vectors, test_counts.bvectors, test_counts.prefix_cases,
           test_counts.capacity_cases, test_counts.guard_cases);
    return failed ? 1 : 0;
}
