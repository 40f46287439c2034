/* kasir-sync-client.h — the terminal's side of sync protocol v1 over libsoup 3.
 *
 * All I/O is asynchronous on the thread-default main context of the caller; decoding a
 * response (which may hold thousands of changes) runs in a GTask worker thread, so the
 * main thread never parses a large body. Every answer goes through the strict core codec:
 * a malformed, truncated or oversized answer is KASIR_SYNC_ERROR_BAD_RESPONSE, a
 * transient error, and nothing is handed back half-decoded.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-outlet-report.h"
#include "kasir-protocol.h"
#include "kasir-sale-lookup.h"

G_BEGIN_DECLS

#define KASIR_SYNC_ERROR (kasir_sync_error_quark ())

typedef enum
{
  KASIR_SYNC_ERROR_TRANSPORT,     /* connection refused/reset, timeout, DNS: transient */
  KASIR_SYNC_ERROR_UNAVAILABLE,   /* HTTP 5xx: transient */
  KASIR_SYNC_ERROR_BAD_RESPONSE,  /* the answer did not decode: transient, but reported */
  KASIR_SYNC_ERROR_UNAUTHORIZED,  /* 401: the server does not know this terminal/token */
  KASIR_SYNC_ERROR_FORBIDDEN,     /* 403 */
  KASIR_SYNC_ERROR_SEQ_GAP,       /* 409 seq_gap; see expected_seq */
  KASIR_SYNC_ERROR_TOO_LARGE,     /* 413, or the server hung up on a body it would not take */
  KASIR_SYNC_ERROR_REFUSED,       /* any other 4xx: our request was wrong */
  KASIR_SYNC_ERROR_TLS,           /* certificate not trusted */
  KASIR_SYNC_ERROR_INVALID_URL,   /* not a server address, or http:// to another computer */
  KASIR_SYNC_ERROR_CERTIFICATE_CHANGED, /* not the pinned certificate: nothing was sent */
  KASIR_SYNC_ERROR_REVOKED,       /* 401 "revoked": this terminal's token was revoked */
  KASIR_SYNC_ERROR_HOLE,          /* the server lacks changes this terminal no longer holds */
  KASIR_SYNC_ERROR_WRONG_OUTLET,  /* enrolling a till of one outlet into another: refused */
  KASIR_SYNC_ERROR_NOT_FOUND,     /* 404 from a look-up: the server has no such thing */
} KasirSyncError;

GQuark kasir_sync_error_quark (void);

/* TRUE for errors that a retry may cure (transport, 5xx, bad response). */
gboolean kasir_sync_error_is_transient (const GError *error);

#define KASIR_TYPE_SYNC_CLIENT (kasir_sync_client_get_type ())

G_DECLARE_FINAL_TYPE (KasirSyncClient, kasir_sync_client, KASIR, SYNC_CLIENT, GObject)

/* @base_url: "https://host:port", or "http://host:port" for this computer only
 * (kasir-cert-pin.h); no path. */
KasirSyncClient     *kasir_sync_client_new               (const char       *base_url,
                                                          GError          **error);
const char          *kasir_sync_client_get_base_url      (KasirSyncClient  *self);
/* The terminal token (from the keyring). Kept in memory only; never logged. */
void                 kasir_sync_client_set_token         (KasirSyncClient  *self,
                                                          const char       *token);
gboolean             kasir_sync_client_has_token         (KasirSyncClient  *self);
/* Seconds for a whole request; 0 keeps the default (15 s). */
void                 kasir_sync_client_set_timeout       (KasirSyncClient  *self,
                                                          guint             seconds);
/* Trusts exactly the certificate with this SHA-256 fingerprint (kasir-fingerprint.h), the
 * one pinned at enrollment, whoever signed it; any other is
 * KASIR_SYNC_ERROR_CERTIFICATE_CHANGED before a byte of the request is sent. NULL: the
 * system's certificate authorities decide. */
void                 kasir_sync_client_set_pinned_fingerprint (KasirSyncClient *self,
                                                               const char      *fingerprint);
const char          *kasir_sync_client_get_pinned_fingerprint (KasirSyncClient *self);
/* Trust on first use, for enrollment: accepts whatever certificate the server shows and
 * remembers its fingerprint (kasir_sync_client_get_peer_fingerprint()) to be pinned. */
void                 kasir_sync_client_set_trust_on_first_use (KasirSyncClient *self,
                                                               gboolean         trust);
/* The fingerprint of the last certificate the server showed (also a refused one); NULL
 * before the first TLS handshake that asked. */
const char          *kasir_sync_client_get_peer_fingerprint   (KasirSyncClient *self);
gboolean             kasir_sync_client_is_https               (KasirSyncClient *self);

void                 kasir_sync_client_health_async      (KasirSyncClient     *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
KasirHealth         *kasir_sync_client_health_finish     (KasirSyncClient     *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

void                 kasir_sync_client_enroll_async      (KasirSyncClient     *self,
                                                          const char          *code,
                                                          const char          *terminal_name,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
KasirEnrollResponse *kasir_sync_client_enroll_finish     (KasirSyncClient     *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* Pushes one batch. On KASIR_SYNC_ERROR_SEQ_GAP, *expected_seq (if not NULL) is the seq
 * the server wants next. */
void                 kasir_sync_client_push_async        (KasirSyncClient        *self,
                                                          const KasirPushRequest *request,
                                                          GCancellable           *cancellable,
                                                          GAsyncReadyCallback     callback,
                                                          gpointer                user_data);
KasirPushResponse   *kasir_sync_client_push_finish       (KasirSyncClient     *self,
                                                          GAsyncResult        *result,
                                                          gint64              *expected_seq,
                                                          GError             **error);

void                 kasir_sync_client_pull_async        (KasirSyncClient     *self,
                                                          gint64               cursor,
                                                          guint                limit,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* Called on the caller's main context as soon as the answer's headers arrive, before its
 * body, when the server announces the page's cursor ("Kasir-Cursor", "Kasir-Has-More").
 * The decoded page still decides: a caller that used the announcement must check that
 * the page's cursor matches. */
typedef void (*KasirSyncPullAhead) (gint64   cursor,
                                    gboolean has_more,
                                    gpointer user_data);

void                 kasir_sync_client_pull_ahead_async  (KasirSyncClient     *self,
                                                          gint64               cursor,
                                                          guint                limit,
                                                          KasirSyncPullAhead   ahead,
                                                          gpointer             ahead_data,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
KasirPullResponse   *kasir_sync_client_pull_finish       (KasirSyncClient     *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* Where one request's time went, in microseconds. */
typedef struct
{
  gint64 wait_us;      /* sent until the answer's headers: the server's work and the trip */
  gint64 transfer_us;  /* the headers until the answer's last byte */
  gint64 decode_us;    /* reading the answer's text, in a worker thread */
} KasirSyncTimes;

/* As kasir_sync_client_pull_finish, and fills @times (may be NULL). */
KasirPullResponse   *kasir_sync_client_pull_finish_timed (KasirSyncClient     *self,
                                                          GAsyncResult        *result,
                                                          KasirSyncTimes      *times,
                                                          GError             **error);

/* The whole outlet's sales summary from @from to @to (local dates YYYY-MM-DD, both
 * included), as the till's own report (kasir-outlet-report.h), decoded off the main
 * thread. @staff_id names the signed-in manager who asks: anyone else is
 * KASIR_SYNC_ERROR_FORBIDDEN. */
void                 kasir_sync_client_report_summary_async  (KasirSyncClient     *self,
                                                              const char          *from,
                                                              const char          *to,
                                                              gint64               staff_id,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
KasirReport         *kasir_sync_client_report_summary_finish (KasirSyncClient     *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
/* A sale of this till's outlet, made on any of its tills, by its receipt number (or sale
 * id): KASIR_SYNC_ERROR_NOT_FOUND when the outlet has none. */
void                 kasir_sync_client_lookup_sale_async  (KasirSyncClient     *self,
                                                           const char          *receipt,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
KasirRemoteSale     *kasir_sync_client_lookup_sale_finish (KasirSyncClient     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/* The outlet's open orders (KasirOpenOrder*, kasir-listed-orders.h). */
void                 kasir_sync_client_open_orders_async  (KasirSyncClient     *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GPtrArray           *kasir_sync_client_open_orders_finish (KasirSyncClient     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

G_END_DECLS
