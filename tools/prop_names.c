/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* The names the mqtt-packet npm module gives packets (the "cmd" of a packet
 * object) and MQTT 5 properties (the keys of its "properties" object), in
 * both directions of the tool. */
#include <string.h>

#include "tool.h"

static const char *const cmd_names[16] = {
    NULL,      "connect",  "connack",    "publish", "puback",      "pubrec",
    "pubrel",  "pubcomp",  "subscribe",  "suback",  "unsubscribe", "unsuback",
    "pingreq", "pingresp", "disconnect", "auth",
};

/* see tool.h */
const char *cmd_json_name(int type)
{
    return type > 0 && type < 16 ? cmd_names[type] : NULL;
}

/* see tool.h */
int cmd_json_type(const char *name)
{
    for (int type = 1; type < 16; type++)
        if (strcmp(cmd_names[type], name) == 0)
            return type;
    return 0;
}

static const char *const json_names[] = {
    [MQW_PROP_PAYLOAD_FORMAT_INDICATOR] = "payloadFormatIndicator",
    [MQW_PROP_MESSAGE_EXPIRY_INTERVAL] = "messageExpiryInterval",
    [MQW_PROP_CONTENT_TYPE] = "contentType",
    [MQW_PROP_RESPONSE_TOPIC] = "responseTopic",
    [MQW_PROP_CORRELATION_DATA] = "correlationData",
    [MQW_PROP_SUBSCRIPTION_IDENTIFIER] = "subscriptionIdentifier",
    [MQW_PROP_SESSION_EXPIRY_INTERVAL] = "sessionExpiryInterval",
    [MQW_PROP_ASSIGNED_CLIENT_IDENTIFIER] = "assignedClientIdentifier",
    [MQW_PROP_SERVER_KEEP_ALIVE] = "serverKeepAlive",
    [MQW_PROP_AUTHENTICATION_METHOD] = "authenticationMethod",
    [MQW_PROP_AUTHENTICATION_DATA] = "authenticationData",
    [MQW_PROP_REQUEST_PROBLEM_INFORMATION] = "requestProblemInformation",
    [MQW_PROP_WILL_DELAY_INTERVAL] = "willDelayInterval",
    [MQW_PROP_REQUEST_RESPONSE_INFORMATION] = "requestResponseInformation",
    [MQW_PROP_RESPONSE_INFORMATION] = "responseInformation",
    [MQW_PROP_SERVER_REFERENCE] = "serverReference",
    [MQW_PROP_REASON_STRING] = "reasonString",
    [MQW_PROP_RECEIVE_MAXIMUM] = "receiveMaximum",
    [MQW_PROP_TOPIC_ALIAS_MAXIMUM] = "topicAliasMaximum",
    [MQW_PROP_TOPIC_ALIAS] = "topicAlias",
    [MQW_PROP_MAXIMUM_QOS] = "maximumQoS",
    [MQW_PROP_RETAIN_AVAILABLE] = "retainAvailable",
    [MQW_PROP_USER_PROPERTY] = "userProperties",
    [MQW_PROP_MAXIMUM_PACKET_SIZE] = "maximumPacketSize",
    [MQW_PROP_WILDCARD_SUBSCRIPTION_AVAILABLE] = "wildcardSubscriptionAvailable",
    [MQW_PROP_SUBSCRIPTION_IDENTIFIER_AVAILABLE] = "subscriptionIdentifiersAvailable",
    [MQW_PROP_SHARED_SUBSCRIPTION_AVAILABLE] = "sharedSubscriptionAvailable",
};

#define N_NAMES (sizeof json_names / sizeof json_names[0])

/* see tool.h */
const char *prop_json_name(uint8_t id)
{
    return id < N_NAMES ? json_names[id] : NULL;
}

/* see tool.h */
uint8_t prop_json_id(const char *name)
{
    for (size_t id = 1; id < N_NAMES; id++)
        if (json_names[id] && strcmp(json_names[id], name) == 0)
            return (uint8_t)id;
    return 0;
}

/* see tool.h */
bool prop_json_is_bool(uint8_t id)
{
    return mqw_property_type(id) == MQW_PTYPE_BYTE && id != MQW_PROP_MAXIMUM_QOS;
}
