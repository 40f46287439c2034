/* kasir-certificate-trust.h — "Trust the new certificate", for a manager only.
 *
 * When the server shows another certificate than the one this till pinned at enrollment
 * (kasir-cert-pin.h), the sync service stops sending anything. This adds the window action
 * certificate.trust, enabled only then, and a toast that offers it. The action asks for a
 * manager's PIN (kasir_manager_ask_pin(), the same lockout as every manager tool), shows
 * the old and the new fingerprint to compare with `kasir-server fingerprint`, and pins the
 * new certificate only when the manager confirms.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-database.h"
#include "kasir-sync-service.h"
#include "kasir-window.h"

G_BEGIN_DECLS

void kasir_certificate_trust_install (KasirWindow      *window,
                                      KasirDatabase    *db,
                                      KasirSyncService *service);
/* TRUE when @window's certificate.trust action is enabled (the certificate changed). */
gboolean kasir_certificate_trust_is_offered (KasirWindow      *window);

G_END_DECLS
