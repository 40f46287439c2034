/* kasir-window-private.h — the main window's insides, shared by its parts.
 *
 * kasir-window.c holds the window's properties and what it shows; kasir-window-actions.c
 * its till.* and manager.* actions and the dialogs they open.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-connection-badge.h"
#include "kasir-startup-page.h"
#include "kasir-window.h"

G_BEGIN_DECLS

struct _KasirWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  KasirTillContext     *context;
  KasirDatabase        *database;
  KasirSyncService     *sync_service;
  GPtrArray            *service_bindings;   /* GBinding*, from the sync service */

  char                 *offline_text;
  gboolean              offline_warning;
  gint64                open_conflict_count;
  gint64                pending_count;
  gboolean              certificate_changed;
  gboolean              revoked;

  /* The manager's windows, one of each at a time (weak). */
  GtkWindow            *conflicts;
  GtkWindow            *dashboard;

  /* Template children. */
  AdwToastOverlay      *toast_overlay;
  KasirConnectionBadge *connection_badge;
  GtkWidget            *primary_menu_button;
  GtkWidget            *till_menu_button;
  GtkWidget            *lock_button;
  GtkWidget            *manager_menu_button;
  GtkWidget            *conflicts_button;
  GtkLabel             *conflicts_label;
  GtkRevealer          *offline_banner;
  GtkWidget            *offline_box;
  GtkLabel             *offline_label;
  GtkRevealer          *certificate_banner;
  GtkRevealer          *revoked_banner;
  AdwStatusPage        *status_page;
  KasirStartupPage     *startup_page;
  GtkStack             *main_stack;
  KasirSellingView     *selling_view;
};

/* kasir-window-actions.c */
void _kasir_window_class_add_actions (GtkWidgetClass   *widget_class);
/* Enables each action when what it needs is there (a database, a service, a cashier). */
void _kasir_window_update_actions    (KasirWindow      *self);
/* Toasts new conflicts with a button that opens them. */
void _kasir_window_conflicts_arrived (KasirSyncService *service,
                                      guint             n_new,
                                      KasirWindow      *self);

G_END_DECLS
