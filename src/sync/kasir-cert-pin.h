/* kasir-cert-pin.h — the server certificate a till trusts, and the plain-HTTP rule.
 *
 * A till does not trust its server through a certificate authority: at enrollment it
 * learns the SHA-256 fingerprint of the server's certificate (kasir-fingerprint.h), shows
 * it for a person to compare with `kasir-server fingerprint`, and pins it, as SSH pins a
 * host key. From then on only that certificate is accepted; a different one stops syncing
 * until a manager trusts it. The pin is not a secret: it is kept with the till's identity
 * in the settings of the encrypted database.
 *
 * Plain http:// carries the token and every sale in the clear, so it is allowed only to
 * this computer itself (localhost, 127.0.0.0/8, ::1).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "kasir-database.h"

G_BEGIN_DECLS

/* The settings key (kasir-settings-repository.h) that holds the pinned fingerprint. */
#define KASIR_CERT_PIN_SETTING "sync.server-certificate-sha256"

/* The fingerprint of a certificate as a till shows it. */
char     *kasir_cert_pin_fingerprint      (GTlsCertificate  *certificate);

/* NULL with no error when no certificate is pinned. Call from a worker thread. */
char     *kasir_cert_pin_load             (KasirDatabase    *db,
                                           GError          **error);
/* Pins @fingerprint (a valid one), or forgets the pin for NULL. */
gboolean  kasir_cert_pin_store            (KasirDatabase    *db,
                                           const char       *fingerprint,
                                           GError          **error);

/* TRUE for an https:// address, and for an http:// one whose host is this computer;
 * otherwise KASIR_SYNC_ERROR_INVALID_URL with a message for a person. */
gboolean  kasir_cert_pin_check_url        (const char       *url,
                                           GError          **error);

/* Makes @msg, sent on @session, accept exactly the certificate with @fingerprint (kept
 * alive by the caller until the message is done). Without a pin the system's certificate
 * authorities decide, as usual. */
void      kasir_cert_pin_apply            (SoupSession      *session,
                                           SoupMessage      *msg,
                                           const char       *fingerprint);

G_END_DECLS
