/* kasir-fault-proxy.h — an HTTP proxy on loopback that breaks things on purpose.
 *
 * It sits between a terminal and kasir-server in the sync tests. Each request is read
 * whole from the client, then, at random (seeded), one fault may be injected:
 *   - drop the client connection before forwarding anything;
 *   - forward half of the request to the server, then reset both sides;
 *   - delay the answer beyond the client's timeout;
 *   - answer 500 or 503 without asking the server;
 *   - forward, then send the client only part of the server's answer;
 *   - forward, let the server commit, then drop the answer (the lost response).
 * Requests are forwarded one per upstream connection with "Connection: close".
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  KASIR_FAULT_NONE,
  KASIR_FAULT_DROP_BEFORE,
  KASIR_FAULT_RESET_MID_REQUEST,
  KASIR_FAULT_DELAY,
  KASIR_FAULT_HTTP_500,
  KASIR_FAULT_HTTP_503,
  KASIR_FAULT_TRUNCATE_RESPONSE,
  KASIR_FAULT_DROP_AFTER_COMMIT,
  KASIR_FAULT_N_KINDS,
} KasirFaultKind;

typedef struct _KasirFaultProxy KasirFaultProxy;

/* Starts listening on 127.0.0.1 (a free port) in its own threads. */
KasirFaultProxy *kasir_fault_proxy_new          (guint16           upstream_port,
                                                 guint             fault_percent,
                                                 guint             delay_ms,
                                                 guint32           seed,
                                                 GError          **error);
guint16          kasir_fault_proxy_get_port     (KasirFaultProxy  *self);
void             kasir_fault_proxy_set_percent  (KasirFaultProxy  *self,
                                                 guint             fault_percent);
void             kasir_fault_proxy_set_upstream (KasirFaultProxy  *self,
                                                 guint16           upstream_port);
guint            kasir_fault_proxy_get_requests (KasirFaultProxy  *self);
guint            kasir_fault_proxy_get_faults   (KasirFaultProxy  *self,
                                                 KasirFaultKind    kind);
void             kasir_fault_proxy_free         (KasirFaultProxy  *self);

G_END_DECLS
