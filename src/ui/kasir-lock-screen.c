/* kasir-lock-screen.c — PIN pad and lockout countdown.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "kasir-lock-screen.h"

#define MAX_PIN 12

struct _KasirLockScreen
{
  AdwBin         parent_instance;

  KasirPinGuard *guard;
  GCancellable  *cancellable;
  char           pin[MAX_PIN + 1];
  guint          pin_len;
  gboolean       busy;
  guint          countdown_id;

  GtkLabel      *dots;
  GtkLabel      *message;
  GtkWidget     *pad;
  GtkWidget     *spinner;
};

G_DEFINE_FINAL_TYPE (KasirLockScreen, kasir_lock_screen, ADW_TYPE_BIN)

enum {
  UNLOCKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_lockout (KasirLockScreen *self);

static void
clear_pin (KasirLockScreen *self)
{
  sodium_memzero (self->pin, sizeof self->pin);
  self->pin_len = 0;
}

static void
update_dots (KasirLockScreen *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *accessible = NULL;

  for (guint i = 0; i < self->pin_len; i++)
    g_string_append (text, "●");
  if (self->pin_len == 0)
    g_string_append (text, " ");
  gtk_label_set_label (self->dots, text->str);
  accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u digit entered",
                                             "%u digits entered", self->pin_len),
                                self->pin_len);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dots),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
set_message (KasirLockScreen *self,
             const char      *text,
             gboolean         is_error)
{
  gtk_label_set_label (self->message, text);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message), "error");
}

static void
set_busy (KasirLockScreen *self,
          gboolean         busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (self->pad, !busy && kasir_pin_guard_get_seconds_left (self->guard) == 0);
  gtk_widget_set_visible (self->spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
}

static gboolean
on_countdown (gpointer user_data)
{
  KasirLockScreen *self = user_data;

  if (kasir_pin_guard_get_seconds_left (self->guard) > 0)
    {
      update_lockout (self);
      return G_SOURCE_CONTINUE;
    }
  self->countdown_id = 0;
  set_message (self, _("Enter your PIN"), FALSE);
  update_lockout (self);
  return G_SOURCE_REMOVE;
}

static void
update_lockout (KasirLockScreen *self)
{
  gint64 seconds = kasir_pin_guard_get_seconds_left (self->guard);

  if (seconds > 0)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Too many wrong PINs. Try again in %" PRId64 " second.",
                                      "Too many wrong PINs. Try again in %" PRId64 " seconds.",
                                      seconds),
                         seconds);
      set_message (self, text, TRUE);
      if (self->countdown_id == 0)
        self->countdown_id = g_timeout_add_seconds (1, on_countdown, self);
    }
  else if (self->countdown_id != 0)
    {
      /* The countdown just ran out. */
      g_clear_handle_id (&self->countdown_id, g_source_remove);
      set_message (self, _("Enter your PIN"), FALSE);
    }

  gtk_widget_set_sensitive (self->pad, !self->busy && seconds == 0);
}

static void
on_verified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KasirLockScreen) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirStaff) staff = NULL;

  staff = kasir_pin_guard_verify_finish (KASIR_PIN_GUARD (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  clear_pin (self);
  update_dots (self);
  if (staff == NULL)
    {
      set_message (self, error->message, TRUE);
      update_lockout (self);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  set_message (self, _("Enter your PIN"), FALSE);
  g_signal_emit (self, signals[UNLOCKED], 0, staff);
}

static void
submit (KasirLockScreen *self)
{
  if (self->busy || self->pin_len == 0)
    return;
  if (self->pin_len < 4)
    {
      set_message (self, _("A PIN has at least 4 digits"), TRUE);
      return;
    }

  set_busy (self, TRUE);
  set_message (self, _("Checking…"), FALSE);
  kasir_pin_guard_verify_async (self->guard, self->pin, self->cancellable,
                                on_verified, g_object_ref (self));
}

void
kasir_lock_screen_press (KasirLockScreen *self,
                         char             key)
{
  g_return_if_fail (KASIR_IS_LOCK_SCREEN (self));

  if (self->busy || kasir_pin_guard_get_seconds_left (self->guard) > 0)
    {
      if (!self->busy)
        update_lockout (self);
      return;
    }

  if (key >= '0' && key <= '9')
    {
      if (self->pin_len < MAX_PIN)
        self->pin[self->pin_len++] = key;
    }
  else if (key == '\b')
    {
      if (self->pin_len > 0)
        self->pin[--self->pin_len] = '\0';
    }
  else if (key == '\n')
    {
      submit (self);
      return;
    }
  update_dots (self);
}

static void
on_digit_clicked (GtkButton       *button,
                  KasirLockScreen *self)
{
  const char *key = g_object_get_data (G_OBJECT (button), "kasir-key");

  kasir_lock_screen_press (self, key[0]);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                KasirLockScreen       *self)
{
  return kasir_lock_screen_handle_key (self, keyval, state);
}

gboolean
kasir_lock_screen_handle_key (KasirLockScreen *self,
                              guint            keyval,
                              GdkModifierType  state)
{
  gunichar c = gdk_keyval_to_unicode (keyval);

  g_return_val_if_fail (KASIR_IS_LOCK_SCREEN (self), FALSE);

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  if (c >= '0' && c <= '9')
    {
      kasir_lock_screen_press (self, (char) c);
      return TRUE;
    }
  switch (keyval)
    {
    case GDK_KEY_BackSpace:
      kasir_lock_screen_press (self, '\b');
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      kasir_lock_screen_press (self, '\n');
      return TRUE;
    case GDK_KEY_Escape:
      kasir_lock_screen_reset (self);
      return TRUE;
    default:
      return FALSE;
    }
}

static GtkWidget *
pad_button (KasirLockScreen *self,
            const char      *label,
            const char      *icon,
            const char      *key,
            const char      *accessible)
{
  GtkWidget *button = icon != NULL ? gtk_button_new_from_icon_name (icon)
                                   : gtk_button_new_with_label (label);

  gtk_widget_set_size_request (button, 80, 64);
  gtk_widget_add_css_class (button, "pin-pad-button");
  gtk_widget_add_css_class (button, "title-2");
  /* The pad is for pointing and touching; keyboard users type the digits directly. */
  gtk_widget_set_focus_on_click (button, FALSE);
  g_object_set_data (G_OBJECT (button), "kasir-key", (gpointer) key);
  g_signal_connect (button, "clicked", G_CALLBACK (on_digit_clicked), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  return button;
}

static void
kasir_lock_screen_dispose (GObject *object)
{
  KasirLockScreen *self = KASIR_LOCK_SCREEN (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  g_clear_object (&self->guard);
  clear_pin (self);

  G_OBJECT_CLASS (kasir_lock_screen_parent_class)->dispose (object);
}

static void
kasir_lock_screen_class_init (KasirLockScreenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_lock_screen_dispose;

  signals[UNLOCKED] =
    g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_css_name (widget_class, "lockscreen");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kasir_lock_screen_init (KasirLockScreen *self)
{
  static const char *digits[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9" };
  GtkEventController *keys;
  GtkWidget *status;
  GtkWidget *box;
  GtkWidget *grid;
  GtkWidget *enter;

  self->cancellable = g_cancellable_new ();

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);

  status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "system-lock-screen-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Till Locked"));
  gtk_widget_add_css_class (status, "compact");
  gtk_box_append (GTK_BOX (box), status);

  self->dots = GTK_LABEL (gtk_label_new (" "));
  gtk_widget_add_css_class (GTK_WIDGET (self->dots), "title-1");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->dots));

  self->message = GTK_LABEL (gtk_label_new (_("Enter your PIN")));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_max_width_chars (self->message, 36);
  gtk_label_set_justify (self->message, GTK_JUSTIFY_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("PIN status"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));

  self->spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_box_append (GTK_BOX (box), self->spinner);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_widget_set_halign (grid, GTK_ALIGN_CENTER);
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    gtk_grid_attach (GTK_GRID (grid), pad_button (self, digits[i], NULL, digits[i], digits[i]),
                     i % 3, i / 3, 1, 1);
  gtk_grid_attach (GTK_GRID (grid),
                   pad_button (self, NULL, "edit-clear-symbolic", "\b", _("Erase last digit")),
                   0, 3, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), pad_button (self, "0", NULL, "0", "0"), 1, 3, 1, 1);
  enter = pad_button (self, NULL, "go-next-symbolic", "\n", _("Unlock"));
  gtk_widget_add_css_class (enter, "suggested-action");
  gtk_grid_attach (GTK_GRID (grid), enter, 2, 3, 1, 1);
  self->pad = grid;
  gtk_box_append (GTK_BOX (box), grid);

  adw_bin_set_child (ADW_BIN (self), box);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Till locked: enter your PIN"), -1);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  update_dots (self);
}

GtkWidget *
kasir_lock_screen_new (KasirPinGuard *guard)
{
  KasirLockScreen *self;

  g_return_val_if_fail (KASIR_IS_PIN_GUARD (guard), NULL);

  self = g_object_new (KASIR_TYPE_LOCK_SCREEN, NULL);
  self->guard = g_object_ref (guard);
  update_lockout (self);

  return GTK_WIDGET (self);
}

void
kasir_lock_screen_reset (KasirLockScreen *self)
{
  g_return_if_fail (KASIR_IS_LOCK_SCREEN (self));

  if (self->busy)
    return;
  clear_pin (self);
  update_dots (self);
  if (kasir_pin_guard_get_seconds_left (self->guard) == 0)
    set_message (self, _("Enter your PIN"), FALSE);
  update_lockout (self);
}

const char *
kasir_lock_screen_get_message (KasirLockScreen *self)
{
  g_return_val_if_fail (KASIR_IS_LOCK_SCREEN (self), NULL);

  return gtk_label_get_label (self->message);
}

gboolean
kasir_lock_screen_get_busy (KasirLockScreen *self)
{
  g_return_val_if_fail (KASIR_IS_LOCK_SCREEN (self), FALSE);

  return self->busy;
}
