/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* What CONNECT and CONNACK settle for the delivery rules of a connection:
 * the version, whether the session was kept, the effective Keep Alive and
 * the peer's Receive Maximum and Topic Alias Maximum (mqw_link). */
#include "wire.h"

/* A 5.0 property's number, or `absent`. */
static uint32_t link_prop(const mqw_props *props, uint8_t id, uint32_t absent)
{
    mqw_property p;
    return mqw_props_find(props, id, &p) ? p.v.num : absent;
}

/* The peer's limits, from the properties of the packet it sent. */
static void link_peer_limits(mqw_link *out, const mqw_props *peer)
{
    out->receive_max = 0xFFFFu;
    out->alias_max = 0;
    if (!MQW_IS_V5(out->version))
        return;
    out->receive_max = (uint16_t)link_prop(peer, MQW_PROP_RECEIVE_MAXIMUM, 0xFFFFu);
    out->alias_max = (uint16_t)link_prop(peer, MQW_PROP_TOPIC_ALIAS_MAXIMUM, 0);
}

/* The Keep Alive in force: a 5.0 Server Keep Alive in the CONNACK wins
 * [MQTT-3.2.2-21]. */
static uint16_t link_keep_alive(int version, uint16_t asked, const mqw_connack *ack)
{
    if (!MQW_IS_V5(version))
        return asked;
    return (uint16_t)link_prop(&ack->props, MQW_PROP_SERVER_KEEP_ALIVE, asked);
}

/* see mqttwire.h */
void mqw_link_client(mqw_link *out, const mqw_connect *sent, const mqw_connack *got)
{
    out->version = sent->version;
    /* A 3.1 CONNACK says nothing of the session (31-9): Clean Session 0
     * asked for it to be kept. */
    out->session_present = MQW_IS_V31(sent->version) ? !sent->clean_start : got->session_present;
    out->keep_alive = link_keep_alive(sent->version, sent->keep_alive, got);
    link_peer_limits(out, &got->props);
}

/* see mqttwire.h */
void mqw_link_server(mqw_link *out, const mqw_connect *got, const mqw_connack *sent)
{
    out->version = got->version;
    /* A 3.1 CONNACK cannot say it (31-9): with Clean Session 0 the server
     * goes on with the session it holds. */
    out->session_present = MQW_IS_V31(got->version) ? !got->clean_start : sent->session_present;
    out->keep_alive = link_keep_alive(got->version, got->keep_alive, sent);
    link_peer_limits(out, &got->props);
}
