/* kasir-scanner.c — recognising a barcode scanner among the key presses of windows.
 *
 * A barcode scanner is a keyboard that types a code and Enter within a few milliseconds.
 * The scanner watches every key press of the windows it is given in the capture phase,
 * before the focused widget sees it, and measures the gaps between digits: a run of
 * digits typed faster than any person can, ended by Enter, is a scan. The Enter is kept
 * from the focused widget (it must not open a popover, pay or submit a PIN), and the
 * digits that already reached a text field are taken out of it again, so a scan never
 * leaves a number in a search, amount, note or PIN field. What the code means is for
 * the one who listens to ::scanned.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kasir-scanner.h"

/* The longest code a scanner sends; a longer run of digits is not a barcode. */
#define SCANNER_MAX_LENGTH 64

struct _KasirScanner
{
  GObject     parent_instance;

  GString    *buffer;
  guint32     last_time;
  GtkWindow  *last_window;   /* not owned: only compared */
  GHashTable *watches;       /* GtkWindow* (weak) -> GtkEventController* */
};

G_DEFINE_FINAL_TYPE (KasirScanner, kasir_scanner, G_TYPE_OBJECT)

enum {
  SCANNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
reset (KasirScanner *self)
{
  g_string_truncate (self->buffer, 0);
}

/* Takes the scanned digits back out of the focused text field, if they reached one. */
static void
strip_scanned_text (GtkWindow  *window,
                    const char *code)
{
  GtkWidget *widget = gtk_root_get_focus (GTK_ROOT (window));

  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      if (GTK_IS_EDITABLE (widget))
        {
          GtkEditable *editable = GTK_EDITABLE (widget);
          const char *text = gtk_editable_get_text (editable);
          gsize len = strlen (text), code_len = strlen (code);

          if (len >= code_len && strcmp (text + len - code_len, code) == 0)
            gtk_editable_delete_text (editable, (int) g_utf8_strlen (text, len - code_len), -1);
          return;
        }
    }
}

static gboolean
keyval_digit (guint keyval,
              char *out)
{
  guint32 c = gdk_keyval_to_unicode (keyval);

  if (keyval >= GDK_KEY_KP_0 && keyval <= GDK_KEY_KP_9)
    c = '0' + (keyval - GDK_KEY_KP_0);
  if (c >= '0' && c <= '9')
    {
      *out = (char) c;
      return TRUE;
    }

  return FALSE;
}

static gboolean
is_modifier (guint keyval)
{
  switch (keyval)
    {
    case GDK_KEY_Shift_L:
    case GDK_KEY_Shift_R:
    case GDK_KEY_Control_L:
    case GDK_KEY_Control_R:
    case GDK_KEY_Alt_L:
    case GDK_KEY_Alt_R:
    case GDK_KEY_Meta_L:
    case GDK_KEY_Meta_R:
    case GDK_KEY_Super_L:
    case GDK_KEY_Super_R:
    case GDK_KEY_Caps_Lock:
    case GDK_KEY_Num_Lock:
    case GDK_KEY_ISO_Level3_Shift:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
kasir_scanner_key (KasirScanner *self,
                   GtkWindow    *window,
                   guint         keyval,
                   guint32       time_ms)
{
  char digit;
  guint32 gap = time_ms - self->last_time;

  g_return_val_if_fail (KASIR_IS_SCANNER (self), FALSE);
  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);

  /* A code is typed into one window; keys in another start afresh. */
  if (window != self->last_window)
    reset (self);
  self->last_window = window;

  if (keyval_digit (keyval, &digit))
    {
      /* A slow key starts a new candidate code: the digits before it were typed by a
       * person. */
      if (self->buffer->len == 0 || gap > KASIR_SCANNER_MAX_GAP_MS ||
          self->buffer->len >= SCANNER_MAX_LENGTH)
        reset (self);
      g_string_append_c (self->buffer, digit);
      self->last_time = time_ms;
      return FALSE;
    }

  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
    {
      g_autofree char *code = NULL;
      g_autoptr(GtkWindow) hold = NULL;

      if (self->buffer->len < KASIR_SCANNER_MIN_LENGTH || gap > KASIR_SCANNER_MAX_GAP_MS)
        {
          reset (self);
          return FALSE;
        }

      code = g_strdup (self->buffer->str);
      reset (self);
      hold = g_object_ref (window);
      strip_scanned_text (window, code);
      g_signal_emit (self, signals[SCANNED], 0, window, code);
      return TRUE;
    }

  /* Shift and friends do not break a scan; anything else does. */
  if (!is_modifier (keyval))
    reset (self);

  return FALSE;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                KasirScanner          *self)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  guint32 time_ms = event != NULL ? gdk_event_get_time (event) : (guint32) (g_get_monotonic_time () / 1000);
  GtkWidget *window = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  return kasir_scanner_key (self, GTK_WINDOW (window), keyval, time_ms)
         ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
}

static void
on_window_finalized (gpointer  data,
                     GObject  *where_the_window_was)
{
  KasirScanner *self = data;

  g_hash_table_remove (self->watches, where_the_window_was);
  if ((GObject *) self->last_window == where_the_window_was)
    self->last_window = NULL;
}

void
kasir_scanner_watch (KasirScanner *self,
                     GtkWindow    *window)
{
  GtkEventController *keys;

  g_return_if_fail (KASIR_IS_SCANNER (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (g_hash_table_contains (self->watches, window))
    return;

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (keys, "kasir-scanner");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);
  g_hash_table_insert (self->watches, window, keys);
  g_object_weak_ref (G_OBJECT (window), on_window_finalized, self);
}

void
kasir_scanner_unwatch (KasirScanner *self,
                       GtkWindow    *window)
{
  GtkEventController *keys;

  g_return_if_fail (KASIR_IS_SCANNER (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  keys = g_hash_table_lookup (self->watches, window);
  if (keys == NULL)
    return;

  g_object_weak_unref (G_OBJECT (window), on_window_finalized, self);
  g_hash_table_remove (self->watches, window);
  gtk_widget_remove_controller (GTK_WIDGET (window), keys);
  if (self->last_window == window)
    self->last_window = NULL;
}

gboolean
kasir_scanner_is_watching (KasirScanner *self,
                           GtkWindow    *window)
{
  g_return_val_if_fail (KASIR_IS_SCANNER (self), FALSE);

  return g_hash_table_contains (self->watches, window);
}

static void
kasir_scanner_dispose (GObject *object)
{
  KasirScanner *self = KASIR_SCANNER (object);
  GHashTableIter iter;
  gpointer window;

  g_hash_table_iter_init (&iter, self->watches);
  while (g_hash_table_iter_next (&iter, &window, NULL))
    {
      GtkEventController *keys = g_hash_table_lookup (self->watches, window);

      g_object_weak_unref (G_OBJECT (window), on_window_finalized, self);
      g_signal_handlers_disconnect_by_data (keys, self);
      g_hash_table_iter_remove (&iter);
    }
  self->last_window = NULL;

  G_OBJECT_CLASS (kasir_scanner_parent_class)->dispose (object);
}

static void
kasir_scanner_finalize (GObject *object)
{
  KasirScanner *self = KASIR_SCANNER (object);

  g_hash_table_unref (self->watches);
  g_string_free (self->buffer, TRUE);

  G_OBJECT_CLASS (kasir_scanner_parent_class)->finalize (object);
}

static void
kasir_scanner_class_init (KasirScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kasir_scanner_dispose;
  object_class->finalize = kasir_scanner_finalize;

  /**
   * KasirScanner::scanned:
   * @window: the window the code was typed into
   * @code: the digits of the code
   *
   * A scanner typed @code and Enter; nothing of it reached the focused widget.
   */
  signals[SCANNED] =
    g_signal_new ("scanned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, GTK_TYPE_WINDOW, G_TYPE_STRING);
}

static void
kasir_scanner_init (KasirScanner *self)
{
  self->buffer = g_string_new (NULL);
  self->watches = g_hash_table_new (NULL, NULL);
}

KasirScanner *
kasir_scanner_new (void)
{
  return g_object_new (KASIR_TYPE_SCANNER, NULL);
}
