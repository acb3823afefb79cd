/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * mqttwire: decode MQTT packets to JSON and encode JSON to packets, on the
 * command line. The JSON objects are those of the mqtt-packet npm module
 * (json_out.c, json_in.c); the usage text below is the manual.
 */
#define _POSIX_C_SOURCE 200809L /* getline(), read() under -std=c99 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

/* In parts, each within the 4095 characters C99 promises a literal. */
static const char *const usage_text[] = {
    "usage: mqttwire decode [options] [HEX ...]\n"
    "       mqttwire encode [options] [JSON ...]\n"
    "\n"
    "decode: MQTT packets -> one JSON object per packet, one per line.\n"
    "  Input is hex: each HEX argument, or without arguments each line of\n"
    "  stdin (empty lines and lines starting with '#' are skipped). Hex digits\n"
    "  may be grouped by spaces, ':' or ',' with whole bytes in each group, and\n"
    "  each group may start with 0x: 300d0004..., 30 0d 00 04 ..., Wireshark's\n"
    "  30:0d:00:04:... and 0x30, 0x0d, ... are the same bytes. An input may\n"
    "  hold several packets back to back.\n"
    "  With --raw, stdin is a raw byte stream (such as a capture of one\n"
    "  direction of a TCP connection), cut into packets as they come.\n"
    "  A packet that does not parse gives\n"
    "    {\"error\":\"MQW_ERR_TOPIC_NAME\",\"offset\":6,\"rule\":\"PUB-3\",\"reason\":\"0x90\",\n"
    "     \"message\":\"A Topic Name must not contain '#' (PUB-3, MQTT-3.3.2-2) at byte 6\"}\n"
    "  where offset counts bytes from the start of that input (the argument,\n"
    "  the line, or the whole --raw stream), rule is the docs/rules.md row\n"
    "  (or null), reason the MQTT 5 reason code a receiver would send (or\n"
    "  null) and message all of it in words. Input that ends inside a packet\n"
    "  gives MQW_ERR_NEED_MORE, with offset where the input ended and \"need\",\n"
    "  the least length the input would need, counted like offset, for that\n"
    "  packet to be complete: at least need - offset more bytes. The rest of\n"
    "  that input is skipped (the next argument or line is decoded; a --raw\n"
    "  stream stops, as a receiver would close the connection). Text that is\n"
    "  not hex gives an error that\n"
    "  says why, with offset counting characters:\n"
    "    {\"error\":\"not a hex digit 'g' at offset 5\",\"offset\":5,...}\n"
    "  (also \"odd number of hex digits ...\", \"empty input\").\n"
    "\n",
    "encode: JSON objects -> packets, one hex line per packet (with --raw:\n"
    "  the bytes). Input is each JSON argument, or without arguments each\n"
    "  line of stdin. A line that cannot be encoded is reported on stderr\n"
    "  and skipped: a key the packet object does not have, a value of the\n"
    "  wrong type, a packet the library refuses (its error and rule), and a\n"
    "  5.0-only field (properties, reason codes, subscription options,\n"
    "  UNSUBACK codes) with a value when encoding for 3.1 or 3.1.1; such a\n"
    "  field with the value every 3.x packet has (no properties, reason code\n"
    "  0, the subscription options decode prints) is accepted.\n"
    "\n"
    "The JSON objects are the packet objects of the mqtt-packet npm module\n"
    "(cmd, retain, qos, dup, length, topic, payload, messageId, properties,\n"
    "...), except that binary fields (payload, will.payload, password,\n"
    "properties.correlationData, properties.authenticationData) are strings\n"
    "of hex digits. encode also takes Node's JSON form of a Buffer,\n"
    "{\"type\":\"Buffer\",\"data\":[104,105]}, ignores length and computes it,\n"
    "and applies mqtt-packet's defaults to fields left out. One key is\n"
    "mqttwire's own: a SUBSCRIBE or UNSUBSCRIBE whose Topic Filter breaks the\n"
    "filter syntax still parses (the receiver refuses just that filter), and\n"
    "\"invalidFilters\":[2] gives the indexes of such filters; encode refuses\n"
    "them.\n"
    "User Properties: mqtt-packet's object, \"userProperties\":{\"a\":[\"1\",\"3\"],\n"
    "\"b\":\"2\"}, holds a repeated name's values in an array and so cannot keep\n"
    "their order across names: encode writes it name by name in the order of\n"
    "the object, each name's values in the order of its array (a=1 a=3 b=2).\n"
    "With --user-properties list, decode writes them as [name, value] pairs in\n"
    "the packet's order, \"userProperties\":[[\"a\",\"1\"],[\"b\",\"2\"],[\"a\",\"3\"]],\n"
    "and encode keeps that order. encode reads either form.\n"
    "\n",
    "options (--name=VALUE is the same as --name VALUE):\n"
    "  -V, --protocol 3|4|5  version of packets before any CONNECT (default 4:\n"
    "                        3.1.1); a CONNECT sets it for the packets after it\n"
    "  --raw                 decode: read a byte stream; encode: write bytes\n"
    "  --user-properties object|list\n"
    "                        decode: the form of User Properties (default\n"
    "                        object, as mqtt-packet); encode reads both\n"
    "  --flag NAME           a mqw_limits flag, repeatable: lenient-varint,\n"
    "                        lenient-dup-qos0, lenient-ack-id, lenient-will-topic,\n"
    "                        lenient-session, lenient-v31, lenient-response-topic,\n"
    "                        lenient-direction, lenient-filters, strict-utf8,\n"
    "                        strict-connack-code, strict-auth-length, strict-v31,\n"
    "                        strict-payload-utf8, allow-bridge, trim-to-fit\n"
    "  --lenient             all the lenient-* flags and allow-bridge\n"
    "  --role client|server  the side the packets are received (decode) or\n"
    "                        sent (encode) by; default: either\n"
    "  --max-packet-size N   decode: refuse larger packets; encode: the peer's\n"
    "                        Maximum Packet Size\n"
    "  -h, --help            this text\n"
    "  --version             the library version\n"
    "\n"
    "exit status: 0 if every input was a good packet, 1 if any was not, 2 on\n"
    "a usage or I/O error.\n"
    "\n"
    "example:\n"
    "  mqttwire decode 3010000b68656c6c6f2f776f726c64686921\n"
    "  mqttwire encode '{\"cmd\":\"publish\",\"topic\":\"a/b\",\"payload\":\"6869\"}'\n",
    NULL,
};

static int print_usage(void)
{
    for (const char *const *part = usage_text; *part; part++)
        fputs(*part, stdout);
    return 0;
}

/* The mqw_limits.flags bits by their --flag name. */
static const struct {
    const char *name;
    uint32_t bit;
} flag_names[] = {
    {"lenient-varint", MQW_LENIENT_VARINT},
    {"lenient-dup-qos0", MQW_LENIENT_DUP_QOS0},
    {"lenient-ack-id", MQW_LENIENT_ACK_ID},
    {"lenient-will-topic", MQW_LENIENT_WILL_TOPIC},
    {"lenient-session", MQW_LENIENT_SESSION},
    {"lenient-v31", MQW_LENIENT_V31},
    {"lenient-response-topic", MQW_LENIENT_RESPONSE_TOPIC},
    {"lenient-direction", MQW_LENIENT_DIRECTION},
    {"lenient-filters", MQW_LENIENT_FILTERS},
    {"strict-utf8", MQW_STRICT_UTF8},
    {"strict-connack-code", MQW_STRICT_CONNACK_CODE},
    {"strict-auth-length", MQW_STRICT_AUTH_LENGTH},
    {"strict-v31", MQW_STRICT_V31},
    {"strict-payload-utf8", MQW_STRICT_PAYLOAD_UTF8},
    {"allow-bridge", MQW_ALLOW_BRIDGE},
    {"trim-to-fit", MQW_TRIM_TO_FIT},
};

#define ALL_LENIENT                                                                                \
    (MQW_LENIENT_VARINT | MQW_LENIENT_DUP_QOS0 | MQW_LENIENT_ACK_ID | MQW_LENIENT_WILL_TOPIC |     \
     MQW_LENIENT_SESSION | MQW_LENIENT_V31 | MQW_LENIENT_RESPONSE_TOPIC | MQW_LENIENT_DIRECTION |  \
     MQW_LENIENT_FILTERS | MQW_ALLOW_BRIDGE)

enum { EXIT_BAD_INPUT = 1, EXIT_USAGE = 2 };

typedef struct options {
    bool decode;
    bool raw;
    int version;
    user_props_form user_props;
    mqw_limits lim;
    char **inputs; /* the HEX / JSON arguments */
    int n_inputs;
} options;

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "mqttwire: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(mqttwire --help for usage)\n");
    return EXIT_USAGE;
}

/* Parse the command line into *o; returns -1 to go on, else an exit
 * status. (getopt_long is not POSIX, and the options are few.) */
static int parse_options(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->version = MQW_V311;
    if (argc < 2)
        return usage_error("%s", "expected a command: decode or encode");
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
        return print_usage();
    if (strcmp(argv[1], "--version") == 0) {
        printf("mqttwire %s\n", mqw_version());
        return 0;
    }
    if (strcmp(argv[1], "decode") == 0)
        o->decode = true;
    else if (strcmp(argv[1], "encode") != 0)
        return usage_error("unknown command '%s'", argv[1]);

    /* Options may come before or after the inputs, which are gathered at
     * the front of argv + 2 (an input never moves right, so none is lost). */
    o->inputs = argv + 2;
    bool only_inputs = false;
    for (int i = 2; i < argc; i++) {
        const char *opt = argv[i];
        if (only_inputs || opt[0] != '-' || opt[1] == '\0') {
            o->inputs[o->n_inputs++] = argv[i];
            continue;
        }
        if (strcmp(opt, "--") == 0) {
            only_inputs = true;
            continue;
        }
        if (strcmp(opt, "-h") == 0 || strcmp(opt, "--help") == 0)
            return print_usage();
        if (strcmp(opt, "--raw") == 0) {
            o->raw = true;
            continue;
        }
        if (strcmp(opt, "--lenient") == 0) {
            o->lim.flags |= ALL_LENIENT;
            continue;
        }
        /* The options below take a value: the next argument, or for a
         * long option what follows '=' in --name=VALUE. */
        char name[32];
        const char *given = opt, *val, *eq = strchr(opt, '=');
        if (opt[1] == '-' && eq != NULL && (size_t)(eq - opt) < sizeof name) {
            memcpy(name, opt, (size_t)(eq - opt));
            name[eq - opt] = '\0';
            opt = name;
            val = eq + 1;
        } else if (i + 1 < argc) {
            val = argv[++i];
        } else {
            return usage_error("%s needs a value", opt);
        }
        if (strcmp(opt, "-V") == 0 || strcmp(opt, "--protocol") == 0) {
            if (strcmp(val, "3") != 0 && strcmp(val, "4") != 0 && strcmp(val, "5") != 0)
                return usage_error("-V takes 3 (MQTT 3.1), 4 (3.1.1) or 5 (5.0), not '%s'", val);
            o->version = val[0] - '0';
        } else if (strcmp(opt, "--user-properties") == 0) {
            if (strcmp(val, "object") == 0)
                o->user_props = USER_PROPS_OBJECT;
            else if (strcmp(val, "list") == 0)
                o->user_props = USER_PROPS_LIST;
            else
                return usage_error("--user-properties takes object or list, not '%s'", val);
        } else if (strcmp(opt, "--flag") == 0) {
            size_t k = 0, n = sizeof flag_names / sizeof flag_names[0];
            while (k < n && strcmp(flag_names[k].name, val) != 0)
                k++;
            if (k == n)
                return usage_error("unknown flag '%s'", val);
            o->lim.flags |= flag_names[k].bit;
        } else if (strcmp(opt, "--role") == 0) {
            if (strcmp(val, "client") == 0)
                o->lim.role = MQW_ROLE_CLIENT;
            else if (strcmp(val, "server") == 0)
                o->lim.role = MQW_ROLE_SERVER;
            else
                return usage_error("--role takes client or server, not '%s'", val);
        } else if (strcmp(opt, "--max-packet-size") == 0) {
            char *end;
            errno = 0;
            unsigned long n = strtoul(val, &end, 10);
            if (errno || *end || end == val || n > 0xFFFFFFFFul)
                return usage_error("--max-packet-size takes a number of bytes, not '%s'", val);
            o->lim.max_packet_size = (uint32_t)n;
        } else {
            return usage_error("unknown option '%s'", given);
        }
    }
    return -1;
}

/* jansson writes "\u001F", JSON.stringify "\u001f"; the same text as
 * mqtt-packet users get lets them compare outputs with diff. */
static void lowercase_escapes(char *json)
{
    for (char *p = json; *p != '\0'; p++) {
        if (*p != '\\')
            continue;
        p++; /* the escaped character, never the NUL */
        if (*p == 'u')
            for (int i = 1; i <= 4; i++)
                if (p[i] >= 'A' && p[i] <= 'F')
                    p[i] = (char)(p[i] - 'A' + 'a');
    }
}

/* Print one JSON object as a line; false if it could not be made. */
static bool print_json(json_t *o)
{
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (text == NULL) {
        fprintf(stderr, "mqttwire: out of memory\n");
        return false;
    }
    lowercase_escapes(text);
    puts(text);
    free(text);
    return true;
}

static void print_error(int err, size_t offset, const char *rule, size_t need)
{
    json_t *o = error_to_json(mqw_strerror(err), offset, rule, mqw_reason_code(err));
    if (o != NULL && err == MQW_ERR_NEED_MORE)
        json_object_set_new(o, "need", json_integer((json_int_t)need));
    mqw_diag diag = {offset, rule, 0};
    char text[300];
    mqw_diag_format(text, sizeof text, err, &diag, MQW_DIAG_PARSE, NULL);
    if (o != NULL)
        json_object_set_new(o, "message", json_string(text));
    print_json(o);
}

/* ---- decode ---------------------------------------------------------------- */

/* Decode the packet at buf[0 .. len), which starts `base` bytes into its
 * input and is all there is of it (more input would be the next packet).
 * MQW_OK with *used = its length, or the error (printed). */
static int decode_one(const uint8_t *buf, size_t len, size_t base, conn_state *st, const options *o,
                      size_t *used)
{
    mqw_frame_info frame;
    mqw_packet pkt;
    mqw_diag diag = {0, NULL, 0};
    size_t need = 0;
    /* The parser's verdict on an incomplete packet may be a definite error
     * (bytes already wrong), which mqw_frame, looking at the header only,
     * cannot give. */
    int rc = mqw_parse(buf, len, &pkt, st->version, &o->lim, &diag, &need);
    if (rc == MQW_ERR_NEED_MORE) {
        print_error(rc, base + len, NULL, base + need);
        return rc;
    }
    if (rc != MQW_OK) {
        print_error(rc, base + diag.offset, diag.rule, 0);
        return rc;
    }
    /* The fixed header of a packet that parsed: cannot fail. */
    mqw_frame(buf, len, &frame, st->version, &o->lim, NULL, NULL);
    if (!print_json(packet_to_json(&pkt, &frame, st, o->user_props)))
        exit(EXIT_USAGE);
    *used = need;
    return MQW_OK;
}

/* One hex input (an argument or a line): all the packets in it. */
static bool decode_hex(const char *text, conn_state *st, const options *o)
{
    size_t len = strlen(text), n = 0, bad_at = 0;
    char why[80];
    uint8_t *buf = malloc(len / 2 + 1);
    if (buf == NULL) {
        fprintf(stderr, "mqttwire: out of memory\n");
        exit(EXIT_USAGE);
    }
    bool ok = hex_decode(text, len, buf, &n, &bad_at, why, sizeof why);
    if (ok && n == 0) {
        snprintf(why, sizeof why, "empty input");
        ok = false;
    }
    if (!ok)
        print_json(error_to_json(why, bad_at, NULL, 0));
    for (size_t off = 0, used = 0; ok; off += used) {
        ok = decode_one(buf + off, n - off, off, st, o, &used) == MQW_OK;
        if (off + used == n)
            break;
    }
    free(buf);
    return ok;
}

/* Whether a stdin line holds input: not blank, not a '#' comment. */
static bool has_content(const char *line)
{
    while (*line == ' ' || *line == '\t' || *line == '\r' || *line == '\n')
        line++;
    return *line != '\0' && *line != '#';
}

/* The --raw stream on stdin, packet after packet as the bytes arrive. */
static bool decode_stream(conn_state *st, const options *o)
{
    size_t cap = 65536, have = 0, base = 0;
    uint8_t *buf = malloc(cap);
    bool eof = false;
    for (;;) {
        if (buf == NULL) {
            fprintf(stderr, "mqttwire: out of memory\n");
            exit(EXIT_USAGE);
        }
        mqw_frame_info frame;
        mqw_diag diag;
        size_t need = 0, used = 0;
        int rc = mqw_frame(buf, have, &frame, st->version, &o->lim, &diag, &need);
        if (rc == MQW_ERR_NEED_MORE && eof && have == 0)
            break; /* the stream ended between two packets */
        if (rc == MQW_ERR_NEED_MORE && !eof) {
            if (need > cap) { /* a packet larger than any before */
                uint8_t *bigger = realloc(buf, need);
                if (bigger == NULL)
                    free(buf);
                buf = bigger;
                cap = need;
                continue;
            }
            ssize_t got = read(STDIN_FILENO, buf + have, cap - have);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0) {
                fprintf(stderr, "mqttwire: read error: %s\n", strerror(errno));
                exit(EXIT_USAGE);
            }
            eof = got == 0;
            have += (size_t)got;
            continue;
        }
        /* A whole packet, a bad header, or the end of input inside a packet:
         * decode_one prints which. */
        if (decode_one(buf, have, base, st, o, &used) != MQW_OK) {
            free(buf);
            return false;
        }
        memmove(buf, buf + used, have - used);
        have -= used;
        base += used;
    }
    free(buf);
    return true;
}

static int run_decode(const options *o)
{
    conn_state st = {o->version, false};
    bool all_ok = true;
    if (o->raw) {
        if (o->n_inputs > 0)
            return usage_error("%s", "decode --raw reads stdin and takes no arguments");
        all_ok = decode_stream(&st, o);
    } else if (o->n_inputs > 0) {
        for (int i = 0; i < o->n_inputs; i++)
            all_ok &= decode_hex(o->inputs[i], &st, o);
    } else {
        char *line = NULL;
        size_t cap = 0;
        while (getline(&line, &cap, stdin) >= 0) {
            if (has_content(line)) {
                all_ok &= decode_hex(line, &st, o);
                fflush(stdout);
            }
        }
        free(line);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "mqttwire: write error\n");
        return EXIT_USAGE;
    }
    return all_ok ? 0 : EXIT_BAD_INPUT;
}

/* ---- encode ---------------------------------------------------------------- */

/* Encode one JSON text; `where` names it in messages ("line 3"). */
static bool encode_one(const char *text, const char *where, conn_state *st, const options *o)
{
    json_error_t jerr;
    json_t *obj = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    if (obj == NULL && text[strspn(text, " \t\r\n")] == '\0') {
        fprintf(stderr, "mqttwire: %s: empty input\n", where);
        return false;
    }
    if (obj == NULL) {
        fprintf(stderr, "mqttwire: %s: JSON: %s (column %d)\n", where, jerr.text, jerr.column);
        return false;
    }
    arena a = {NULL, 0, 0};
    mqw_packet pkt;
    char why[200];
    conn_state next = *st; /* what a CONNECT changes, kept if it encodes */
    bool ok = json_to_packet(obj, &pkt, &next, &a, why, sizeof why);
    if (!ok)
        fprintf(stderr, "mqttwire: %s: %s\n", where, why);

    mqw_limits lim = o->lim;
    /* bridgeMode in the JSON is the caller asking for the bridge bit. */
    if (pkt.type == MQW_CONNECT && pkt.u.connect.bridge)
        lim.flags |= MQW_ALLOW_BRIDGE;
    size_t len = 0;
    uint8_t *buf = NULL;
    mqw_diag diag = {0, NULL, 0};
    int rc = MQW_OK;
    if (ok) {
        rc = mqw_build(NULL, 0, &pkt, next.version, &lim, &diag, &len);
        if (rc == MQW_ERR_NOSPACE) {
            buf = malloc(3 * len + 1); /* the packet, then its hex */
            rc = buf ? mqw_build(buf, len, &pkt, next.version, &lim, &diag, &len) : MQW_ERR_NOSPACE;
        }
        if (rc != MQW_OK) {
            char text[300];
            mqw_diag_format(text, sizeof text, rc, &diag, MQW_DIAG_BUILD, NULL);
            fprintf(stderr, "mqttwire: %s: %s: %s\n", where, mqw_strerror(rc), text);
            ok = false;
        }
    }
    if (ok) {
        if (o->raw) {
            fwrite(buf, 1, len, stdout);
        } else {
            hex_encode(buf, len, (char *)buf + len);
            puts((char *)buf + len);
        }
        *st = next;
    }
    free(buf);
    arena_free(&a);
    json_decref(obj);
    return ok;
}

static int run_encode(const options *o)
{
    conn_state st = {o->version, false};
    bool all_ok = true;
    char where[64];
    if (o->n_inputs > 0) {
        for (int i = 0; i < o->n_inputs; i++) {
            snprintf(where, sizeof where, "argument %d", i + 1);
            all_ok &= encode_one(o->inputs[i], where, &st, o);
        }
    } else {
        char *line = NULL;
        size_t cap = 0;
        unsigned long lineno = 0;
        while (getline(&line, &cap, stdin) >= 0) {
            lineno++;
            if (!has_content(line))
                continue;
            snprintf(where, sizeof where, "line %lu", lineno);
            all_ok &= encode_one(line, where, &st, o);
            fflush(stdout);
        }
        free(line);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "mqttwire: write error\n");
        return EXIT_USAGE;
    }
    return all_ok ? 0 : EXIT_BAD_INPUT;
}

int main(int argc, char **argv)
{
    options o;
    int rc = parse_options(argc, argv, &o);
    if (rc >= 0)
        return rc;
    return o.decode ? run_decode(&o) : run_encode(&o);
}
