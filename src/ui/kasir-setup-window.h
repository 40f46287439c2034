/* kasir-setup-window.h — first run: connect to a sync server or work standalone.
 *
 * "Connect" enrolls the terminal with a one-time code and runs the initial sync with a
 * progress bar; "On its own" turns on standalone mode and asks for the first manager
 * (name and PIN), stored with an Argon2id hash. Preferences reopens the connect page.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-till-dialog.h"

#include "kasir-database.h"
#include "kasir-sync-service.h"
#include "kasir-models.h"
#include "kasir-startup-page.h"

G_BEGIN_DECLS

typedef enum
{
  KASIR_SETUP_CHOOSE,   /* first run: both ways */
  KASIR_SETUP_CONNECT,  /* (re-)enroll only */
  KASIR_SETUP_MANAGER,  /* create the first manager only */
} KasirSetupMode;

#define KASIR_TYPE_SETUP_WINDOW (kasir_setup_window_get_type ())

G_DECLARE_FINAL_TYPE (KasirSetupWindow, kasir_setup_window, KASIR, SETUP_WINDOW, KasirTillDialog)

/* "finished" is emitted once the terminal is enrolled and synced, or standalone with a
 * manager; the window then closes. */
/* Works on @context's database and sync service (both needed). */
KasirSetupWindow *kasir_setup_window_new (GtkWindow        *parent,
                                          KasirTillContext *context,
                                          KasirSetupMode    mode);

/* The same as typing into the pages and pressing the buttons (keyboard, tests). */
void              kasir_setup_window_connect           (KasirSetupWindow  *self,
                                                        const char        *server_url,
                                                        const char        *code,
                                                        const char        *terminal_name);
void              kasir_setup_window_choose_standalone (KasirSetupWindow  *self);
gboolean          kasir_setup_window_create_manager    (KasirSetupWindow  *self,
                                                        const char        *name,
                                                        const char        *pin,
                                                        const char        *pin_again,
                                                        GError           **error);
/* "choose", "connect", "problem" (an enrollment that failed), "sync" or "manager". */
const char       *kasir_setup_window_get_page          (KasirSetupWindow  *self);
/* The page that says why an enrollment failed (shown as "problem"). */
KasirStartupPage *kasir_setup_window_get_problem_page  (KasirSetupWindow  *self);
/* The problem shown on the page, or NULL. */
const char       *kasir_setup_window_get_error         (KasirSetupWindow  *self);
/* TRUE once enrolled and the first sync finished. */
gboolean          kasir_setup_window_get_synced        (KasirSetupWindow  *self);
/* The pinned server certificate's fingerprint as shown after enrolling over https://
 * (in two lines); NULL when none is shown. */
const char       *kasir_setup_window_get_fingerprint_text (KasirSetupWindow *self);

/* The manager created on the set-up's manager page, or NULL: the till signs them in
 * without asking for the PIN they have just chosen. */
const KasirStaff *kasir_setup_window_get_new_manager (KasirSetupWindow *self);

G_END_DECLS
