/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* How mqttwire-pub and mqttwire-sub print what the server sends: names of
 * CONNACK codes and property blocks (see client.h). */
#include "client.h"

const char *client_connack_name(int version, uint8_t code)
{
    static const char *const v3[] = {
        "Connection Accepted", "Unacceptable protocol version", "Identifier rejected",
        "Server unavailable",  "Bad user name or password",     "Not authorized",
    };
    if (version == MQW_V5)
        return mqw_reason_string(code);
    return code < sizeof v3 / sizeof v3[0] ? v3[code] : "Reserved return code";
}

static void print_text_or_hex(FILE *f, mqw_bytes b)
{
    bool text = true;
    for (size_t i = 0; i < b.len && text; i++)
        text = b.ptr[i] >= 0x20 && b.ptr[i] < 0x7F;
    if (text) {
        fwrite(b.ptr, 1, b.len, f);
        return;
    }
    fputs("0x", f);
    for (size_t i = 0; i < b.len; i++)
        fprintf(f, "%02X", b.ptr[i]);
}

void client_print_props(FILE *f, const mqw_props *props, const char *indent)
{
    mqw_iter it;
    mqw_property p;
    mqw_props_iter(&it, props);
    while (mqw_props_next(&it, &p)) {
        fprintf(f, "%s%s: ", indent, mqw_property_name(p.id));
        switch (mqw_property_type(p.id)) {
        case MQW_PTYPE_STRING:
        case MQW_PTYPE_BINARY:
            print_text_or_hex(f, p.v.bytes);
            break;
        case MQW_PTYPE_PAIR:
            print_text_or_hex(f, p.v.pair.name);
            fputc('=', f);
            print_text_or_hex(f, p.v.pair.value);
            break;
        default:
            fprintf(f, "%lu", (unsigned long)p.v.num);
            break;
        }
        fputc('\n', f);
    }
}
