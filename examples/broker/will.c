/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Will messages: taken from CONNECT, dropped by a DISCONNECT with code 0,
 * published when the connection ends any other way ([MQTT-3.1.2-8]), on
 * 5.0 after the Will Delay Interval unless the session is resumed first
 * or ends sooner ([MQTT-3.1.3-9]).
 */
#include "broker.h"

void will_take(conn *c, const mqw_connect *in)
{
    if (!in->will)
        return;
    const mqw_publish p = {.qos = in->will_qos,
                           .retain = in->will_retain,
                           .payload = in->will_payload,
                           .props = in->will_props};
    c->will = msg_new(&p, in->will_topic, c->sess->serial, c->b->now);
    mqw_property delay;
    c->will_delay = 0;
    if (mqw_props_find(&in->will_props, MQW_PROP_WILL_DELAY_INTERVAL, &delay))
        c->will_delay = delay.v.num;
}

void will_publish(broker *b, msg *m)
{
    subs_publish(b, m);
    msg_unref(m);
}

/* The connection ended without a DISCONNECT that drops the Will. */
void will_release(conn *c)
{
    msg *m = c->will;
    session *s = c->sess;
    c->will = NULL;
    if (!m)
        return;
    uint32_t delay = c->will_delay < s->expiry ? c->will_delay : s->expiry;
    if (delay == 0) {
        will_publish(c->b, m);
        return;
    }
    will_cancel(s);
    s->will = m;
    s->will_at = c->b->now + (uint64_t)delay * 1000u;
}

/* A new connection resumed the session before the delay passed. */
void will_cancel(session *s)
{
    msg_unref(s->will);
    s->will = NULL;
}
