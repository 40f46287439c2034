/* kasir-setup-window.c — enrollment and standalone set-up.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-pin.h"
#include "kasir-setup-window.h"
#include "kasir-pin-rules.h"
#include "kasir-setup-connect.h"
#include "kasir-staff-repository.h"
#include "kasir-startup-page.h"

struct _KasirSetupWindow
{
  KasirTillDialog   parent_instance;

  KasirDatabase    *database;
  KasirSyncService *service;
  GSettings        *settings;
  GCancellable     *cancellable;
  KasirSetupMode    mode;
  gboolean          waiting_sync;
  gboolean          synced;

  GtkStack         *stack;
  AdwEntryRow      *url_row;
  AdwEntryRow      *code_row;
  AdwEntryRow      *name_row;
  GtkLabel         *connect_error;
  GtkButton        *connect_button;
  GtkProgressBar   *progress;
  GtkLabel         *sync_status;
  GtkLabel         *till_name_label;
  GtkWidget        *fingerprint_box;
  GtkLabel         *fingerprint;
  GtkButton        *retry_button;
  GtkButton        *continue_button;
  AdwEntryRow      *manager_name_row;
  KasirStaff       *new_manager;    /* the manager created here, signed in at once */
  AdwPasswordEntryRow *pin_row;
  AdwPasswordEntryRow *pin_again_row;
  GtkLabel         *manager_error;
  KasirStartupPage *problem_page;
  char             *problem_detail;   /* what the problem page explains, for get_error */
};

G_DEFINE_FINAL_TYPE (KasirSetupWindow, kasir_setup_window, KASIR_TYPE_TILL_DIALOG)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
finish (KasirSetupWindow *self)
{
  g_settings_set_boolean (self->settings, "setup-done", TRUE);
  g_signal_emit (self, signals[FINISHED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
show_label_error (GtkLabel   *label,
                  const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

/* ---- Standalone ---- */

static void
on_standalone_clicked (KasirSetupWindow *self)
{
  gint64 count = 0;
  g_autoptr(KasirStaffRepository) staff = kasir_staff_repository_new (self->database);

  g_settings_set_boolean (self->settings, "standalone", TRUE);
  if (kasir_staff_repository_count_active (staff, &count, NULL) && count > 0)
    {
      finish (self);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "manager");
  gtk_widget_grab_focus (GTK_WIDGET (self->manager_name_row));
}

gboolean
kasir_setup_window_create_manager (KasirSetupWindow  *self,
                                   const char        *name,
                                   const char        *pin,
                                   const char        *pin_again,
                                   GError           **error)
{
  g_autoptr(KasirStaffRepository) staff = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (KASIR_IS_SETUP_WINDOW (self), FALSE);

  staff = kasir_staff_repository_new (self->database);
  /* A manager's PIN follows the rules of the staff screen (6 to 12 digits). */
  if (!kasir_pin_check_new ("manager", pin, pin_again, &local_error))
    goto fail;
  /* Argon2 takes a moment on purpose; this happens once, at set-up. */
  hash = kasir_pin_hash (pin, NULL);
  if (hash == NULL)
    {
      g_set_error (&local_error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("A PIN is 4 to 12 digits"));
      goto fail;
    }
  {
    gint64 id = kasir_staff_repository_add_local (staff, name, "manager", hash, &local_error);

    if (id == 0)
      goto fail;
    g_clear_pointer (&self->new_manager, kasir_staff_free);
    self->new_manager = kasir_staff_repository_get (staff, id, NULL);
  }

  g_settings_set_boolean (self->settings, "standalone", TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_again_row), "");
  finish (self);
  return TRUE;

fail:
  show_label_error (self->manager_error, local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
on_create_manager (KasirSetupWindow *self)
{
  kasir_setup_window_create_manager (self,
                                     gtk_editable_get_text (GTK_EDITABLE (self->manager_name_row)),
                                     gtk_editable_get_text (GTK_EDITABLE (self->pin_row)),
                                     gtk_editable_get_text (GTK_EDITABLE (self->pin_again_row)),
                                     NULL);
}

/* ---- Connect ---- */

static void
update_sync_page (KasirSetupWindow *self)
{
  KasirSyncStatus state;
  const char *error;

  if (!self->waiting_sync)
    return;

  state = kasir_sync_service_get_state (self->service);
  error = kasir_sync_service_get_last_error (self->service);

  if (kasir_sync_service_get_last_sync_time (self->service) != NULL &&
      kasir_sync_service_get_idle (self->service))
    {
      self->waiting_sync = FALSE;
      self->synced = TRUE;
      gtk_progress_bar_set_fraction (self->progress, 1.0);
      gtk_label_set_label (self->sync_status, _("This terminal is connected and up to date."));
      gtk_widget_set_visible (GTK_WIDGET (self->retry_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->continue_button), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->continue_button));
      return;
    }

  if (error != NULL && *error != '\0' &&
      (state == KASIR_SYNC_STATUS_ATTENTION || state == KASIR_SYNC_STATUS_UNREACHABLE ||
       state == KASIR_SYNC_STATUS_OFFLINE || kasir_sync_service_get_idle (self->service)))
    {
      g_autofree char *text = g_strdup_printf (_("The first sync did not finish: %s"), error);

      gtk_label_set_label (self->sync_status, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->sync_status), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->retry_button), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->continue_button), TRUE);
    }
}

static void
on_retry (KasirSetupWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->sync_status), "error");
  gtk_label_set_label (self->sync_status, _("Downloading the catalog, staff and settings…"));
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), FALSE);
  self->waiting_sync = TRUE;
  kasir_sync_service_sync_now (self->service);
}

/* Trust on first use: the person compares what the till pinned with what the server's
 * administrator reads from `kasir-server fingerprint`. */
static void
show_fingerprint (KasirSetupWindow *self)
{
  const char *fingerprint = kasir_sync_service_get_server_fingerprint (self->service);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->fingerprint_box, fingerprint != NULL);
  if (fingerprint == NULL)
    return;
  /* Two lines of 16 pairs: easier to compare than one line of 95 characters. */
  text = g_strdup_printf ("%.47s\n%s", fingerprint, fingerprint + 48);
  gtk_label_set_label (self->fingerprint, text);
}

static void
on_enrolled (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KasirSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *named = NULL;

  if (!kasir_sync_service_enroll_finish (KASIR_SYNC_SERVICE (source), result, &name, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_autofree char *text = kasir_setup_explain_error (error, gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
      KasirStartupProblem problem = kasir_startup_problem_for_enroll_error (error);

      gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), TRUE);
      if (problem == KASIR_STARTUP_OK)
        {
          show_label_error (self->connect_error, text);
          return;
        }
      /* Each failure has its own page: what happened, what to do, "Try Again". */
      g_free (self->problem_detail);
      self->problem_detail = g_steal_pointer (&text);
      kasir_startup_page_set_problem (self->problem_page, problem, NULL, self->problem_detail);
      gtk_stack_set_visible_child_name (self->stack, "problem");
      return;
    }

  g_settings_set_string (self->settings, "server-url",
                         gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
  /* The server's name for this till: "Till 2" when another till of the outlet is "Till 1". */
  g_settings_set_string (self->settings, "terminal-name", name);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  /* TRANSLATORS: the till's name as the server gave it, e.g. "This till is “Till 2”". */
  named = g_strdup_printf (_("This till is “%s”"), name);
  gtk_label_set_label (self->till_name_label, named);
  g_settings_set_boolean (self->settings, "standalone", FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  show_fingerprint (self);

  gtk_stack_set_visible_child_name (self->stack, "sync");
  on_retry (self);
}

static void
on_connect (KasirSetupWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = kasir_setup_complete_url (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), &error);
  g_autofree char *code = kasir_setup_format_code (gtk_editable_get_text (GTK_EDITABLE (self->code_row)));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  if (url == NULL)
    {
      show_label_error (self->connect_error, error->message);
      return;
    }
  /* What will be used is what the person sees: the completed address, the code in
   * groups. */
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), code);
  if (*code == '\0')
    {
      show_label_error (self->connect_error, _("Enter the enrollment code from the server"));
      return;
    }
  if (*name == '\0')
    {
      show_label_error (self->connect_error, _("Give this terminal a name, such as “Till 1”"));
      return;
    }

  show_label_error (self->connect_error, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), FALSE);
  kasir_sync_service_enroll_async (self->service, url, code, name, self->cancellable,
                                   on_enrolled, g_object_ref (self));
}

/* A server that did not answer (or answered with a problem of its own) is asked again
 * as it is; a refused code or another outlet's needs a new code typed first. */
static void
on_problem_retry (KasirSetupWindow *self)
{
  switch (kasir_startup_page_get_problem (self->problem_page))
    {
    case KASIR_STARTUP_SERVER_UNREACHABLE:
    case KASIR_STARTUP_SERVER_REFUSED:
      on_connect (self);
      break;
    case KASIR_STARTUP_OK:
    case KASIR_STARTUP_KEYRING_LOCKED:
    case KASIR_STARTUP_KEYRING_MISSING:
    case KASIR_STARTUP_KEYRING_REFUSED:
    case KASIR_STARTUP_DISK_FULL:
    case KASIR_STARTUP_DATABASE_TOO_NEW:
    case KASIR_STARTUP_DATABASE_FAILED:
    case KASIR_STARTUP_CODE_REFUSED:
    case KASIR_STARTUP_WRONG_OUTLET:
    default:
      gtk_stack_set_visible_child_name (self->stack, "connect");
      gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
      break;
    }
}

void
kasir_setup_window_connect (KasirSetupWindow *self,
                            const char       *server_url,
                            const char       *code,
                            const char       *terminal_name)
{
  g_return_if_fail (KASIR_IS_SETUP_WINDOW (self));

  gtk_stack_set_visible_child_name (self->stack, "connect");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), server_url);
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), code);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), terminal_name);
  on_connect (self);
}

const KasirStaff *
kasir_setup_window_get_new_manager (KasirSetupWindow *self)
{
  g_return_val_if_fail (KASIR_IS_SETUP_WINDOW (self), NULL);

  return self->new_manager;
}

const char *
kasir_setup_window_get_page (KasirSetupWindow *self)
{
  g_return_val_if_fail (KASIR_IS_SETUP_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
kasir_setup_window_get_error (KasirSetupWindow *self)
{
  g_return_val_if_fail (KASIR_IS_SETUP_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "problem") == 0)
    return self->problem_detail;
  if (gtk_widget_get_visible (GTK_WIDGET (self->connect_error)))
    return gtk_label_get_label (self->connect_error);
  if (gtk_widget_has_css_class (GTK_WIDGET (self->sync_status), "error"))
    return gtk_label_get_label (self->sync_status);

  return NULL;
}

KasirStartupPage *
kasir_setup_window_get_problem_page (KasirSetupWindow *self)
{
  g_return_val_if_fail (KASIR_IS_SETUP_WINDOW (self), NULL);

  return self->problem_page;
}

const char *
kasir_setup_window_get_fingerprint_text (KasirSetupWindow *self)
{
  g_return_val_if_fail (KASIR_IS_SETUP_WINDOW (self), NULL);

  if (!gtk_widget_get_visible (self->fingerprint_box))
    return NULL;
  return gtk_label_get_label (self->fingerprint);
}

gboolean
kasir_setup_window_get_synced (KasirSetupWindow *self)
{
  g_return_val_if_fail (KASIR_IS_SETUP_WINDOW (self), FALSE);

  return self->synced;
}

void
kasir_setup_window_choose_standalone (KasirSetupWindow *self)
{
  g_return_if_fail (KASIR_IS_SETUP_WINDOW (self));

  on_standalone_clicked (self);
}

static void
on_choose_connect (KasirSetupWindow *self)
{
  gtk_stack_set_visible_child_name (self->stack, "connect");
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
}

static void
kasir_setup_window_dispose (GObject *object)
{
  KasirSetupWindow *self = KASIR_SETUP_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
  g_clear_object (&self->database);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_SETUP_WINDOW);
  g_clear_pointer (&self->new_manager, kasir_staff_free);
  g_clear_pointer (&self->problem_detail, g_free);

  G_OBJECT_CLASS (kasir_setup_window_parent_class)->dispose (object);
}

static void
kasir_setup_window_class_init (KasirSetupWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_setup_window_dispose;

  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  g_type_ensure (KASIR_TYPE_STARTUP_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kasir-setup-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, code_row);
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, connect_error);
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, connect_button);
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, progress);
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, sync_status);
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, till_name_label);
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, fingerprint_box);
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, fingerprint);
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, continue_button);
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, manager_name_row);
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, pin_row);
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, pin_again_row);
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, manager_error);
  gtk_widget_class_bind_template_child (widget_class, KasirSetupWindow, problem_page);
  gtk_widget_class_bind_template_callback (widget_class, on_problem_retry);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_connect);
  gtk_widget_class_bind_template_callback (widget_class, on_standalone_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_connect);
  gtk_widget_class_bind_template_callback (widget_class, on_retry);
  gtk_widget_class_bind_template_callback (widget_class, on_create_manager);
  gtk_widget_class_bind_template_callback (widget_class, finish);
}

static void
kasir_setup_window_init (KasirSetupWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();

  /* The connect page starts from what the settings remember. */
  name = g_settings_get_string (self->settings, "terminal-name");
  url = g_settings_get_string (self->settings, "server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), *name != '\0' ? name : _("Till 1"));
}

KasirSetupWindow *
kasir_setup_window_new (GtkWindow        *parent,
                        KasirTillContext *context,
                        KasirSetupMode    mode)
{
  KasirSetupWindow *self;
  KasirDatabase *database;
  KasirSyncService *service;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  database = kasir_till_context_get_database (context);
  service = kasir_till_context_get_sync_service (context);
  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);
  g_return_val_if_fail (KASIR_IS_SYNC_SERVICE (service), NULL);

  self = g_object_new (KASIR_TYPE_SETUP_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       "context", context,
                       NULL);
  self->database = g_object_ref (database);
  self->service = g_object_ref (service);
  self->mode = mode;

  g_object_bind_property (service, "progress", self->progress, "fraction",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (service, "notify", G_CALLBACK (update_sync_page), self);

  switch (mode)
    {
    case KASIR_SETUP_CONNECT:
      on_choose_connect (self);
      break;
    case KASIR_SETUP_MANAGER:
      gtk_stack_set_visible_child_name (self->stack, "manager");
      break;
    case KASIR_SETUP_CHOOSE:
    default:
      gtk_stack_set_visible_child_name (self->stack, "choose");
      break;
    }

  return self;
}
