/* kasir-till-lock.c — lock screen swapping and the idle timer.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-lock-screen.h"
#include "kasir-till-lock.h"

struct _KasirTillLock
{
  GObject               parent_instance;

  AdwApplicationWindow *window;   /* weak */
  GtkWidget            *screen;
  GtkWidget            *page;     /* a header bar over the screen */
  GtkWidget            *content;  /* the window's own content while locked */
  KasirStaff           *staff;
  guint                 idle_minutes;
  guint                 idle_id;
  gint64                last_input;
  GtkEventController   *controllers[3];
};

G_DEFINE_FINAL_TYPE (KasirTillLock, kasir_till_lock, G_TYPE_OBJECT)

enum {
  LOCKED,
  UNLOCKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
note_input (KasirTillLock *self)
{
  self->last_input = g_get_monotonic_time ();
}

static gboolean
on_idle_check (gpointer user_data)
{
  KasirTillLock *self = user_data;

  if (self->idle_minutes == 0 || self->content != NULL)
    return G_SOURCE_CONTINUE;
  if (g_get_monotonic_time () - self->last_input >= (gint64) self->idle_minutes * G_TIME_SPAN_MINUTE)
    kasir_till_lock_lock (self);

  return G_SOURCE_CONTINUE;
}

static gboolean
on_key (GtkEventControllerKey *controller,
        guint                  keyval,
        guint                  keycode,
        GdkModifierType        state,
        KasirTillLock         *self)
{
  note_input (self);

  /* While locked, the pad takes digits wherever the focus happens to be. */
  if (self->content != NULL)
    return kasir_lock_screen_handle_key (KASIR_LOCK_SCREEN (self->screen), keyval, state);

  return FALSE;
}

static void
on_pointer (KasirTillLock *self)
{
  note_input (self);
}

static void
on_unlocked (KasirLockScreen  *screen,
             const KasirStaff *staff,
             KasirTillLock    *self)
{
  g_clear_pointer (&self->staff, kasir_staff_free);
  self->staff = kasir_staff_copy (staff);

  if (self->window != NULL && self->content != NULL)
    {
      adw_application_window_set_content (self->window, self->content);
      g_clear_object (&self->content);
    }
  note_input (self);
  g_signal_emit (self, signals[UNLOCKED], 0, self->staff);
}

static void
on_window_destroyed (gpointer  user_data,
                     GObject  *where_the_object_was)
{
  KasirTillLock *self = user_data;

  self->window = NULL;
  g_clear_handle_id (&self->idle_id, g_source_remove);
}

static void
kasir_till_lock_dispose (GObject *object)
{
  KasirTillLock *self = KASIR_TILL_LOCK (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->window != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (self->controllers); i++)
        if (self->controllers[i] != NULL)
          gtk_widget_remove_controller (GTK_WIDGET (self->window), self->controllers[i]);
      g_object_weak_unref (G_OBJECT (self->window), on_window_destroyed, self);
      self->window = NULL;
    }
  memset (self->controllers, 0, sizeof self->controllers);
  g_clear_object (&self->content);
  g_clear_object (&self->screen);
  g_clear_object (&self->page);

  G_OBJECT_CLASS (kasir_till_lock_parent_class)->dispose (object);
}

static void
kasir_till_lock_finalize (GObject *object)
{
  KasirTillLock *self = KASIR_TILL_LOCK (object);

  g_clear_pointer (&self->staff, kasir_staff_free);

  G_OBJECT_CLASS (kasir_till_lock_parent_class)->finalize (object);
}

static void
kasir_till_lock_class_init (KasirTillLockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kasir_till_lock_dispose;
  object_class->finalize = kasir_till_lock_finalize;

  signals[LOCKED] =
    g_signal_new ("locked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[UNLOCKED] =
    g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
kasir_till_lock_init (KasirTillLock *self)
{
  self->last_input = g_get_monotonic_time ();
}

KasirTillLock *
kasir_till_lock_new (AdwApplicationWindow *window,
                     KasirPinGuard        *guard)
{
  KasirTillLock *self;
  GtkEventController *controller;

  g_return_val_if_fail (ADW_IS_APPLICATION_WINDOW (window), NULL);
  g_return_val_if_fail (KASIR_IS_PIN_GUARD (guard), NULL);

  self = g_object_new (KASIR_TYPE_TILL_LOCK, NULL);
  self->window = window;
  g_object_weak_ref (G_OBJECT (window), on_window_destroyed, self);
  self->screen = g_object_ref_sink (kasir_lock_screen_new (guard));
  g_signal_connect (self->screen, "unlocked", G_CALLBACK (on_unlocked), self);
  gtk_widget_set_vexpand (self->screen, TRUE);
  /* The window's own header bar goes away with its content; this one keeps the window
   * movable and closable while locked. */
  self->page = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  gtk_box_append (GTK_BOX (self->page), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (self->page), self->screen);

  /* Capture phase: the window sees every input before any widget can stop it. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key), self);
  self->controllers[0] = controller;
  controller = gtk_event_controller_motion_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (on_pointer), self);
  self->controllers[1] = controller;
  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "pressed", G_CALLBACK (on_pointer), self);
  self->controllers[2] = controller;
  for (guint i = 0; i < G_N_ELEMENTS (self->controllers); i++)
    gtk_widget_add_controller (GTK_WIDGET (window), self->controllers[i]);

  self->idle_id = g_timeout_add_seconds (15, on_idle_check, self);

  return self;
}

void
kasir_till_lock_lock (KasirTillLock *self)
{
  g_return_if_fail (KASIR_IS_TILL_LOCK (self));

  if (self->window == NULL || self->content != NULL)
    return;

  g_clear_pointer (&self->staff, kasir_staff_free);
  self->content = adw_application_window_get_content (self->window);
  if (self->content != NULL)
    g_object_ref (self->content);
  adw_application_window_set_content (self->window, self->page);
  kasir_lock_screen_reset (KASIR_LOCK_SCREEN (self->screen));
  gtk_widget_grab_focus (self->screen);
  g_signal_emit (self, signals[LOCKED], 0);
}

gboolean
kasir_till_lock_get_locked (KasirTillLock *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_LOCK (self), FALSE);

  return self->content != NULL || self->staff == NULL;
}

const KasirStaff *
kasir_till_lock_get_staff (KasirTillLock *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_LOCK (self), NULL);

  return self->staff;
}

void
kasir_till_lock_set_idle_minutes (KasirTillLock *self,
                                  guint          minutes)
{
  g_return_if_fail (KASIR_IS_TILL_LOCK (self));

  self->idle_minutes = minutes;
  note_input (self);
}

GtkWidget *
kasir_till_lock_get_screen (KasirTillLock *self)
{
  g_return_val_if_fail (KASIR_IS_TILL_LOCK (self), NULL);

  return self->screen;
}
