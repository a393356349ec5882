package com.vendhub.realtime.broker.app;

import com.vendhub.realtime.schema.machines.MachineCatalog;
import com.vendhub.realtime.schema.machines.MachineRecord;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The demo organization's machines around Tashkent (the seed's map centre, 41.2995 N 69.2401 E).
 * They are provisioned on the first demo start and re-keyed on each later one: tokens are stored
 * only as hashes, so the in-process simulator needs fresh ones.
 */
public final class DemoFleet {

    /** The demo organization; fixed so that a restarted demo finds its machines and old tokens stay valid. */
    public static final UUID ORGANIZATION = UUID.fromString("5e3d0000-2995-4240-8000-000000000024");

    private static final double CENTER_LAT = 41.2995;
    private static final double CENTER_LNG = 69.2401;
    private static final String[] PLACES = {
        "Amir Temur Square", "Chorsu Bazaar", "Tashkent City Mall", "Mustaqillik Square", "Yunusobod",
        "Chilonzor", "Mirzo Ulugbek", "Sergeli", "Yakkasaroy", "Shaykhontohur", "Olmazor", "Uchtepa",
        "Bektemir", "Yashnobod", "Mirobod", "Tashkent Railway Station", "Magic City", "Navoi Theatre",
        "National University", "Westminster University"};

    private DemoFleet() {
    }

    /** Ensures {@code count} demo machines exist and returns fresh credentials for each. */
    public static List<DeviceCredentials> provision(MachineCatalog catalog, int count) {
        List<MachineRecord> existing = new ArrayList<>(catalog.all().stream()
                .filter(m -> m.organizationId().equals(ORGANIZATION))
                .sorted(Comparator.comparing(MachineRecord::createdAt).thenComparing(MachineRecord::id))
                .toList());
        List<DeviceCredentials> credentials = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ProvisionedMachine p;
            if (i < existing.size()) {
                p = catalog.rotateToken(existing.get(i).id()).orElseThrow();
            } else {
                // A deterministic spiral around the centre, a few kilometres across.
                double angle = i * 2.399963; // the golden angle spreads points evenly
                double radius = 0.01 + 0.045 * Math.sqrt((i + 1.0) / count);
                double lat = CENTER_LAT + radius * Math.sin(angle);
                double lng = CENTER_LNG + radius * Math.cos(angle) / Math.cos(Math.toRadians(CENTER_LAT));
                String name = String.format("VH-%02d %s", i + 1, PLACES[i % PLACES.length]);
                p = catalog.provision(ORGANIZATION, name, Math.round(lat * 1e6) / 1e6, Math.round(lng * 1e6) / 1e6);
            }
            credentials.add(new DeviceCredentials(p.machine().id(), p.deviceToken()));
        }
        return credentials;
    }
}
