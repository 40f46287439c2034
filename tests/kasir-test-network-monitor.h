/* kasir-test-network-monitor.h — a GNetworkMonitor the tests switch on and off.
 *
 * GIO's own monitors follow the machine's real network, which a test cannot unplug.
 * This one says what the test tells it and emits network-changed like the real ones.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KASIR_TYPE_TEST_NETWORK_MONITOR (kasir_test_network_monitor_get_type ())

G_DECLARE_FINAL_TYPE (KasirTestNetworkMonitor, kasir_test_network_monitor,
                      KASIR, TEST_NETWORK_MONITOR, GObject)

KasirTestNetworkMonitor *kasir_test_network_monitor_new           (gboolean available);
void                     kasir_test_network_monitor_set_available (KasirTestNetworkMonitor *self,
                                                                   gboolean                 available);

G_END_DECLS
