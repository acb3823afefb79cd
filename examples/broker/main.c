/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * mqttwire-broker: options, the listening socket and the poll loop. Each
 * pass reads the clock once, runs the timers (Keep Alive, CONNECT timeout,
 * Will Delay, Session Expiry), writes what every connection has to send,
 * frees the connections that closed, and polls until a socket is ready or
 * the next timer is due. SIGINT and SIGTERM end it cleanly.
 *
 *   mqttwire-broker -p 1883 -v
 */
#include "broker.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: mqttwire-broker [-b ADDRESS] [-p PORT] [-m BYTES] [-k SECONDS] [-c SECONDS] [-v]\n"
    "  -b ADDRESS  address to listen on (127.0.0.1)\n"
    "  -p PORT     port to listen on, 0 for any free one (1883)\n"
    "  -m BYTES    largest packet accepted, the Maximum Packet Size told to 5.0\n"
    "              clients (16777216)\n"
    "  -k SECONDS  Server Keep Alive given to 5.0 clients that ask for more, or\n"
    "              for none (0: their own)\n"
    "  -c SECONDS  time a client has to send CONNECT, 0 for no limit (10)\n"
    "  -v          a line on stderr for each connection and its end\n"
    "  --help      print this text and exit\n";

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

void broker_log(const broker *b, const char *fmt, ...)
{
    (void)b;
    va_list ap;
    va_start(ap, fmt);
    fputs("mqttwire-broker: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static uint64_t clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void usage_error(const char *fmt, const char *arg)
{
    fputs("mqttwire-broker: ", stderr);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage);
    exit(2);
}

static unsigned long number(const char *opt, const char *arg, unsigned long max)
{
    char *end = NULL;
    errno = 0;
    unsigned long v = arg && *arg >= '0' && *arg <= '9' ? strtoul(arg, &end, 10) : 0;
    if (!end || *end || errno || v > max)
        usage_error("%s: needs a number in range", opt);
    return v;
}

static int listen_on(const char *address, const char *port)
{
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
    int rc = getaddrinfo(address, port, &hints, &ai);
    if (rc != 0) {
        fprintf(stderr, "mqttwire-broker: %s port %s: %s\n", address, port, gai_strerror(rc));
        return -1;
    }
    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 128) != 0 ||
        fcntl(fd, F_SETFL, O_NONBLOCK) != 0) {
        fprintf(stderr, "mqttwire-broker: %s port %s: %s\n", address, port, strerror(errno));
        if (fd >= 0)
            close(fd);
        fd = -1;
    }
    freeaddrinfo(ai);
    return fd;
}

static void print_address(int fd)
{
    struct sockaddr_storage sa;
    socklen_t len = sizeof sa;
    char host[64] = "?", port[16] = "?";
    if (getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
        getnameinfo((struct sockaddr *)&sa, len, host, sizeof host, port, sizeof port,
                    NI_NUMERICHOST | NI_NUMERICSERV);
    printf("mqttwire-broker %s listening on %s port %s\n", mqw_version(), host, port);
    fflush(stdout);
}

/* Write what each connection has to send; free those that closed. */
static void sweep(broker *b)
{
    for (conn *c = b->conns; c; c = c->next)
        if (!c->dead && c->out_len)
            conn_flush(c);
    conn **at = &b->conns;
    while (*at) {
        conn *c = *at;
        if (c->dead) {
            *at = c->next;
            conn_free(c);
        } else {
            at = &c->next;
        }
    }
}

static void serve(broker *b, int listen_fd)
{
    struct pollfd *fds = NULL;
    conn **of = NULL;
    size_t cap = 0;
    while (!stopping) {
        b->now = clock_ms();
        uint32_t wait = conn_timers(b), later = session_timers(b);
        wait = later < wait ? later : wait;
        sweep(b);
        size_t n = 1;
        for (conn *c = b->conns; c; c = c->next)
            n++;
        if (n > cap) {
            struct pollfd *more_fds = realloc(fds, n * sizeof *fds);
            conn **more_of = more_fds ? realloc(of, n * sizeof *of) : NULL;
            fds = more_fds ? more_fds : fds;
            of = more_of ? more_of : of;
            if (!more_fds || !more_of)
                break;
            cap = n;
        }
        fds[0].fd = listen_fd;
        fds[0].events = b->now >= b->accept_after ? POLLIN : 0;
        n = 1;
        for (conn *c = b->conns; c; c = c->next, n++) {
            fds[n].fd = c->fd;
            fds[n].events =
                (short)((c->out_len > BROKER_OUT_LIMIT ? 0 : POLLIN) | (c->out_len ? POLLOUT : 0));
            of[n] = c;
        }
        if (b->now < b->accept_after && b->accept_after - b->now < wait)
            wait = (uint32_t)(b->accept_after - b->now);
        if (poll(fds, (nfds_t)n, (int)wait) < 0 && errno != EINTR) {
            perror("mqttwire-broker: poll");
            break;
        }
        b->now = clock_ms();
        if (fds[0].revents & POLLIN)
            conn_accept(b, listen_fd);
        for (size_t i = 1; i < n; i++) {
            if (!of[i]->dead && (fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                conn_read(of[i]);
            if (!of[i]->dead && (fds[i].revents & POLLOUT))
                conn_flush(of[i]);
        }
    }
    free(fds);
    free(of);
}

int main(int argc, char **argv)
{
    broker b;
    memset(&b, 0, sizeof b);
    b.max_packet = 16u << 20;
    b.connect_timeout = 10000;
    const char *address = "127.0.0.1", *port = "1883";
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(opt, "--help") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if (strcmp(opt, "-v") == 0) {
            b.verbose = true;
            continue;
        } else if (strcmp(opt, "-b") == 0 && arg) {
            address = arg;
        } else if (strcmp(opt, "-p") == 0) {
            number(opt, arg, 65535);
            port = arg;
        } else if (strcmp(opt, "-m") == 0) {
            /* 2 bytes at least (PINGREQ); the protocol's largest at most */
            b.max_packet = (uint32_t)number(opt, arg, 268435460);
            if (b.max_packet < 2)
                usage_error("%s: needs a number in range", opt);
        } else if (strcmp(opt, "-k") == 0) {
            b.max_keep_alive = (uint16_t)number(opt, arg, 65535);
        } else if (strcmp(opt, "-c") == 0) {
            b.connect_timeout = (uint32_t)number(opt, arg, 3600) * 1000u;
        } else {
            usage_error("unknown option or missing value: %s", opt);
        }
        i++;
    }
    int listen_fd = listen_on(address, port);
    if (listen_fd < 0)
        return 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    print_address(listen_fd);

    serve(&b, listen_fd);

    for (conn *c = b.conns; c; c = c->next)
        conn_close(c, 0x8B, true, "server shutting down");
    sweep(&b);
    while (b.sessions)
        session_end(b.sessions);
    retain_free(&b);
    close(listen_fd);
    return 0;
}
