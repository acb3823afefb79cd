/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* The event-script runner of session_script.h. */
#include "session_script.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOKENS 16

typedef struct tokens {
    char buf[256];
    const char *t[TOKENS];
    size_t n;
} tokens;

static void split(tokens *tk, const char *s, const char *line)
{
    ck_assert_msg(strlen(s) < sizeof tk->buf, "line too long: %s", line);
    strcpy(tk->buf, s);
    tk->n = 0;
    for (char *p = strtok(tk->buf, " "); p; p = strtok(NULL, " ")) {
        ck_assert_msg(tk->n < TOKENS, "too many tokens: %s", line);
        tk->t[tk->n++] = p;
    }
}

static int packet_type(const char *name, const char *line)
{
    for (int t = 1; t < 16; t++)
        if (!strcmp(mqw_packet_name(t), name))
            return t;
    ck_abort_msg("unknown packet type %s in: %s", name, line);
    return 0;
}

static unsigned long number(const char *s, const char *line)
{
    char *end;
    unsigned long v = strtoul(s, &end, 0);
    ck_assert_msg(*s && !*end, "bad number '%s' in: %s", s, line);
    return v;
}

/* The number after `prefix` when token `tok` starts with it. */
static bool keyed(const char *tok, const char *prefix, unsigned long *v, const char *line)
{
    size_t n = strlen(prefix);
    if (strncmp(tok, prefix, n) != 0)
        return false;
    *v = number(tok + n, line);
    return true;
}

static uint8_t word_value(const char *w, const char *const *names, size_t n, const char *line)
{
    for (size_t i = 0; i < n; i++)
        if (names[i] && !strcmp(names[i], w))
            return (uint8_t)i;
    ck_abort_msg("unknown word %s in: %s", w, line);
    return 0;
}

static const char *const deliver_names[] = {"NONE", "NOW", "STORE", "STORED"};
static const char *const done_names[] = {"NONE", "ACKED", "REFUSED", "LOST"};

typedef struct expect {
    bool none;
    int err;
    const char *rule;
    mqw_action act;
    bool check_wait;
    unsigned long wait;
} expect;

static void parse_expect(expect *e, const tokens *tk, size_t i, const char *line)
{
    memset(e, 0, sizeof *e);
    if (i < tk->n && !strcmp(tk->t[i], "none")) {
        e->none = true;
        return;
    }
    if (i < tk->n && !strcmp(tk->t[i], "error")) {
        ck_assert_msg(i + 1 < tk->n, "error without a name: %s", line);
        char name[64];
        snprintf(name, sizeof name, "MQW_ERR_%s", tk->t[i + 1]);
        e->err = 1; /* resolved below */
        for (int c = -1; c >= -100; c--)
            if (!strcmp(mqw_strerror(c), name))
                e->err = c;
        ck_assert_msg(e->err < 0, "unknown error %s in: %s", name, line);
        e->rule = i + 2 < tk->n ? tk->t[i + 2] : NULL;
        return;
    }
    for (; i < tk->n; i++) {
        const char *w = tk->t[i];
        unsigned long v;
        if (!strcmp(w, "send") && i + 1 < tk->n)
            e->act.send = (uint8_t)packet_type(tk->t[++i], line);
        else if (!strcmp(w, "req") && i + 1 < tk->n)
            e->act.request = (uint8_t)packet_type(tk->t[++i], line);
        else if (!strcmp(w, "deliver") && i + 1 < tk->n)
            e->act.deliver = word_value(tk->t[++i], deliver_names, 4, line);
        else if (!strcmp(w, "done") && i + 1 < tk->n)
            e->act.done = word_value(tk->t[++i], done_names, 4, line);
        else if (!strcmp(w, "dup"))
            e->act.dup = true;
        else if (keyed(w, "code=", &v, line))
            e->act.code = (uint8_t)v;
        else if (keyed(w, "result=", &v, line))
            e->act.result = (uint8_t)v;
        else if (keyed(w, "slot=", &v, line))
            e->act.slot = (uint16_t)v;
        else if (keyed(w, "wait=", &v, line)) {
            e->check_wait = true;
            e->wait = v;
        } else if (keyed(w, "id", &v, line))
            e->act.packet_id = (uint16_t)v;
        else if (w[0] == 'q' && w[1] >= '0' && w[1] <= '2' && !w[2])
            e->act.qos = (uint8_t)(w[1] - '0');
        else if (keyed(w, "c", &v, line))
            e->act.cookie = (uintptr_t)v;
        else
            ck_abort_msg("unknown expectation '%s' in: %s", w, line);
    }
}

static void check_action(const char *what, const char *line, const mqw_action *want,
                         const mqw_action *got)
{
#define FIELD(f)                                                                                   \
    ck_assert_msg(want->f == got->f, "%s: '%s': " #f " %lu, want %lu", what, line,                 \
                  (unsigned long)got->f, (unsigned long)want->f)
    FIELD(send);
    FIELD(qos);
    FIELD(dup);
    FIELD(code);
    FIELD(packet_id);
    FIELD(deliver);
    FIELD(done);
    FIELD(request);
    FIELD(result);
    FIELD(slot);
    FIELD(cookie);
#undef FIELD
}

void script_step(script_env *env, const char *what, const char *line)
{
    const char *arrow = strstr(line, "=>");
    ck_assert_msg(arrow != NULL, "%s: no '=>' in: %s", what, line);
    char event[256];
    size_t elen = (size_t)(arrow - line);
    ck_assert_msg(elen < sizeof event, "line too long: %s", line);
    memcpy(event, line, elen);
    event[elen] = 0;
    tokens ev, ex;
    split(&ev, event, line);
    split(&ex, arrow + 2, line);
    if (ev.n > 0 && !strcmp(ev.t[0], "state")) {
        /* The accessors: "state => flows=N inflight=N held=N". */
        unsigned long want[3] = {0, 0, 0};
        for (size_t i = 0; i < ex.n; i++)
            ck_assert_msg(keyed(ex.t[i], "flows=", &want[0], line) ||
                              keyed(ex.t[i], "inflight=", &want[1], line) ||
                              keyed(ex.t[i], "held=", &want[2], line),
                          "unknown state %s in: %s", ex.t[i], line);
        unsigned long got[3] = {mqw_session_flows(&env->s), mqw_session_inflight(&env->s),
                                mqw_session_held(&env->s)};
        ck_assert_msg(!memcmp(got, want, sizeof got), "%s: '%s': flows=%lu inflight=%lu held=%lu",
                      what, line, got[0], got[1], got[2]);
        env->steps++;
        return;
    }
    expect e;
    parse_expect(&e, &ex, 0, line);
    ck_assert_msg(ev.n > 0, "%s: no event in: %s", what, line);

    /* Options common to every event. */
    unsigned long v;
    for (size_t i = 1; i < ev.n; i++)
        if (keyed(ev.t[i], "t=", &v, line))
            env->now = (uint32_t)v;

    mqw_action act;
    memset(&act, 0xA5, sizeof act); /* every field must be written */
    mqw_diag diag = {99, "junk", 0};
    int rc = MQW_OK;
    bool returned = true, have_act = true, have_diag = false;
    uint32_t wait = 0;
    const char *cmd = ev.t[0];
    if (!strcmp(cmd, "connect")) {
        mqw_link link = {0, false, 0, 0xFFFF, 0};
        for (size_t i = 1; i < ev.n; i++) {
            const char *w = ev.t[i];
            if (!strcmp(w, "v31"))
                link.version = MQW_V31;
            else if (!strcmp(w, "v311"))
                link.version = MQW_V311;
            else if (!strcmp(w, "v5"))
                link.version = MQW_V5;
            else if (!strcmp(w, "sp"))
                link.session_present = true;
            else if (keyed(w, "rm=", &v, line))
                link.receive_max = (uint16_t)v;
            else
                ck_assert_msg(!strncmp(w, "t=", 2), "unknown connect option %s", w);
        }
        rc = mqw_session_connected(&env->s, &link, env->now);
        have_act = false;
    } else if (!strcmp(cmd, "drop")) {
        mqw_session_disconnected(&env->s);
        have_act = false;
    } else if (!strcmp(cmd, "publish") || !strcmp(cmd, "subscribe") ||
               !strcmp(cmd, "unsubscribe")) {
        unsigned long qos = 0, n = 0, cookie = 0;
        for (size_t i = 1; i < ev.n; i++)
            if (!keyed(ev.t[i], "q", &qos, line) && !keyed(ev.t[i], "n", &n, line) &&
                !keyed(ev.t[i], "c", &cookie, line))
                ck_assert_msg(!strncmp(ev.t[i], "t=", 2), "unknown option %s", ev.t[i]);
        if (cmd[0] == 'p')
            rc = mqw_session_publish(&env->s, (uint8_t)qos, cookie, env->now, &act);
        else if (cmd[0] == 's')
            rc = mqw_session_subscribe(&env->s, n, cookie, &act);
        else
            rc = mqw_session_unsubscribe(&env->s, n, cookie, &act);
    } else if (!strcmp(cmd, "recv")) {
        ck_assert_msg(ev.n >= 2, "recv what? %s", line);
        mqw_packet pkt;
        memset(&pkt, 0, sizeof pkt);
        pkt.type = (uint8_t)packet_type(ev.t[1], line);
        unsigned long id = 0, code = 0, n = 0, qos = 0;
        bool dup = false;
        for (size_t i = 2; i < ev.n; i++) {
            const char *w = ev.t[i];
            if (keyed(w, "code=", &code, line) || keyed(w, "n=", &n, line) ||
                keyed(w, "t=", &v, line))
                continue;
            if (!strcmp(w, "dup"))
                dup = true;
            else if (w[0] == 'q')
                qos = number(w + 1, line);
            else
                id = number(w, line);
        }
        static const uint8_t codes[64];
        ck_assert(n <= sizeof codes);
        switch (pkt.type) {
        case MQW_PUBLISH:
            pkt.u.publish.qos = (uint8_t)qos;
            pkt.u.publish.dup = dup;
            pkt.u.publish.packet_id = qos ? (uint16_t)id : 0;
            pkt.u.publish.topic = mqw_cstr("t");
            break;
        case MQW_PUBACK:
        case MQW_PUBREC:
        case MQW_PUBREL:
        case MQW_PUBCOMP:
            pkt.u.ack.type = pkt.type;
            pkt.u.ack.packet_id = (uint16_t)id;
            pkt.u.ack.code = (uint8_t)code;
            break;
        case MQW_SUBACK:
            pkt.u.suback.packet_id = (uint16_t)id;
            pkt.u.suback.codes.ptr = codes;
            pkt.u.suback.codes.len = n;
            break;
        case MQW_UNSUBACK:
            pkt.u.unsuback.packet_id = (uint16_t)id;
            pkt.u.unsuback.codes.ptr = codes;
            pkt.u.unsuback.codes.len = n;
            break;
        default:
            break;
        }
        rc = mqw_session_receive(&env->s, &pkt, env->now, &act, &diag);
        have_diag = true;
    } else if (!strcmp(cmd, "refuse")) {
        unsigned long code = 0;
        for (size_t i = 1; i < ev.n; i++)
            ck_assert_msg(keyed(ev.t[i], "code=", &code, line), "unknown option %s", ev.t[i]);
        act = env->last;
        rc = mqw_session_refuse(&env->s, &act, (uint8_t)code);
        if (rc != MQW_OK) {
            /* A refusal that fails changes nothing. */
            ck_assert_msg(!memcmp(&act, &env->last, sizeof act), "%s: '%s': action changed", what,
                          line);
            have_act = false;
        }
    } else if (!strcmp(cmd, "next")) {
        returned = mqw_session_next(&env->s, env->now, &act);
    } else if (!strcmp(cmd, "tick")) {
        rc = mqw_session_tick(&env->s, env->now, &wait, &diag);
        have_act = false;
        have_diag = true;
    } else {
        ck_abort_msg("%s: unknown event %s", what, cmd);
    }
    env->steps++;
    if (have_act)
        env->last = act;

    if (e.err) {
        ck_assert_msg(rc == e.err, "%s: '%s': %s, want %s", what, line, mqw_strerror(rc),
                      mqw_strerror(e.err));
        if (have_diag) {
            ck_assert_msg(diag.offset == 0, "%s: '%s': diag offset %zu", what, line, diag.offset);
            if (e.rule)
                ck_assert_msg(diag.rule && !strcmp(diag.rule, e.rule), "%s: '%s': rule %s, want %s",
                              what, line, diag.rule ? diag.rule : "NULL", e.rule);
        }
        if (have_act) {
            mqw_action zero;
            memset(&zero, 0, sizeof zero);
            check_action(what, line, &zero, &act);
        }
        return;
    }
    ck_assert_msg(rc == MQW_OK, "%s: '%s': %s", what, line, mqw_strerror(rc));
    if (have_diag)
        ck_assert_msg(diag.offset == 0 && diag.rule == NULL, "%s: '%s': diag written on OK", what,
                      line);
    if (!strcmp(cmd, "next"))
        ck_assert_msg(returned == !e.none, "%s: '%s': next returned %d", what, line, returned);
    if (e.check_wait)
        ck_assert_msg(wait == e.wait, "%s: '%s': wait %lu, want %lu", what, line,
                      (unsigned long)wait, e.wait);
    if (have_act)
        check_action(what, line, &e.act, &act);
}

void script_run(script_env *env, const char *what, const char *const *lines)
{
    for (size_t i = 0; lines[i]; i++)
        script_step(env, what, lines[i]);
}
