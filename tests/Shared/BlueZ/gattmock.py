#!/usr/bin/python3
"""BlueZ GATT mock for tests: python-dbusmock `bluez5` template + GATT objects.

Run with Debian's python (it has the dbus + dbusmock modules):

    /usr/bin/python3 gattmock.py                      # bus from $DBUS_SYSTEM_BUS_ADDRESS
    /usr/bin/python3 gattmock.py --address unix:path=/tmp/x/bus
    /usr/bin/python3 gattmock.py --own-bus            # start a private dbus-daemon too

When everything is exported it prints ONE line to stdout:

    READY {"address": "...", "adapter": "/org/bluez/hci0", "devices": {...}}

(also written to --ready-file if given) and then serves until SIGTERM/SIGINT or the bus
goes away.  Everything a test needs is then driven over D-Bus; see NOTES.md.

Profiles: bp, plx, glucose, thermo, scale, hr, cts (Current Time Service).
Default devices (override with --device MAC,NAME,PROFILE[+PROFILE...] ; repeatable):
    C0:00:00:00:18:10  BP-Mock        bp       (0x1810 Blood Pressure)
    C0:00:00:00:18:22  PLX-Mock       plx      (0x1822 Pulse Oximeter)
    C0:00:00:00:18:08  Glucose-Mock   glucose  (0x1808 Glucose, with working RACP)
Every device also gets 0x180F Battery (0x2A19 read+notify).
"""

import argparse
import json
import os
import signal
import struct
import subprocess
import sys

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

import dbusmock.mockobject as mo

BLUEZ = 'org.bluez'
DEV_IFACE = 'org.bluez.Device1'
SVC_IFACE = 'org.bluez.GattService1'
CHR_IFACE = 'org.bluez.GattCharacteristic1'
MOCK_BLUEZ_IFACE = 'org.bluez.Mock'   # mock-only helpers (never listed in GetManagedObjects)


def uuid16(u):
    return f'0000{u:04x}-0000-1000-8000-00805f9b34fb'


# ---------------------------------------------------------------------------
# Method bodies as dbusmock *code strings*.  They run via exec() inside
# dbusmock.mockobject.mock_method with globals = dbusmock.mockobject module
# (dbus, objects, os, time, ...) and locals = {self, args, ...}.
# NOTE: locals are invisible in nested scopes (comprehensions, lambdas, defs):
#       use plain for-loops, and default-arg capture for callbacks.
# ---------------------------------------------------------------------------

_CHECK_CONNECTED = '''
_dev = objects.get(self.path.rsplit('/', 2)[0])
if _dev is not None and not _dev.props['org.bluez.Device1']['Connected']:
    raise dbus.exceptions.DBusException('Not connected', name='org.bluez.Error.Failed')
'''

READ_VALUE = _CHECK_CONNECTED + '''
I = 'org.bluez.GattCharacteristic1'
if 'read' not in self.props[I]['Flags']:
    raise dbus.exceptions.DBusException('Read not permitted', name='org.bluez.Error.NotPermitted')
ret = dbus.Array(self.props[I]['Value'], signature='y')
'''

WRITE_VALUE = _CHECK_CONNECTED + '''
I = 'org.bluez.GattCharacteristic1'
_f = self.props[I]['Flags']
if 'write' not in _f and 'write-without-response' not in _f:
    raise dbus.exceptions.DBusException('Write not permitted', name='org.bluez.Error.NotPermitted')
self.last_written = bytes(args[0])      # real BlueZ does not update Value on write
'''

START_NOTIFY = _CHECK_CONNECTED + '''
I = 'org.bluez.GattCharacteristic1'
_f = self.props[I]['Flags']
if 'notify' not in _f and 'indicate' not in _f:
    raise dbus.exceptions.DBusException('Operation is not supported', name='org.bluez.Error.NotSupported')
if not self.props[I]['Notifying']:
    self.UpdateProperties(I, {'Notifying': dbus.Boolean(True)})
'''

STOP_NOTIFY = '''
I = 'org.bluez.GattCharacteristic1'
if self.props[I]['Notifying']:
    self.UpdateProperties(I, {'Notifying': dbus.Boolean(False)})
'''

# org.bluez.Mock.Notify(ay) -> b on a characteristic: deliver a notification only if the
# client enabled it (like a real device); returns whether a PropertiesChanged was emitted.
MOCK_NOTIFY = '''
I = 'org.bluez.GattCharacteristic1'
ret = bool(self.props[I]['Notifying'])
if ret:
    self.UpdateProperties(I, {'Value': dbus.Array(bytes(args[0]), signature='y')})
'''

# org.bluez.Mock.LastWritten() -> ay: what the client last wrote (BlueZ does not echo writes in Value).
MOCK_LAST_WRITTEN = '''
ret = dbus.Array(getattr(self, 'last_written', b''), signature='y')
'''

# ---- Device1 -------------------------------------------------------------
_DROP_LINK = '''
D = 'org.bluez.Device1'
I = 'org.bluez.GattCharacteristic1'
for _p in list(objects.keys()):
    if _p.startswith(self.path + '/') and I in objects[_p].props and objects[_p].props[I]['Notifying']:
        objects[_p].UpdateProperties(I, {'Notifying': dbus.Boolean(False)})
if self.props[D]['ServicesResolved']:
    self.UpdateProperties(D, {'ServicesResolved': dbus.Boolean(False)})
if self.props[D]['Connected']:
    self.UpdateProperties(D, {'Connected': dbus.Boolean(False)})
self.connected = False    # keep the bluez5 template's python attr consistent
'''

_MAKE_LINK = '''
D = 'org.bluez.Device1'
if not self.props[D]['Connected']:
    self.UpdateProperties(D, {'Connected': dbus.Boolean(True)})
if not self.props[D]['ServicesResolved']:
    self.UpdateProperties(D, {'ServicesResolved': dbus.Boolean(True)})
self.connected = True
'''

DEVICE_CONNECT = '''
_err = getattr(self, 'connect_error', None)
if _err:
    raise dbus.exceptions.DBusException(_err[1], name=_err[0])
''' + _MAKE_LINK

DEVICE_DISCONNECT = '''
if not self.props['org.bluez.Device1']['Connected']:
    raise dbus.exceptions.DBusException('Not Connected', name='org.bluez.Error.NotConnected')
''' + _DROP_LINK

# Pair: Just Works, or — after org.bluez.Mock.RequirePasskey(u) — the registered default agent must
# answer RequestPasskey with that passkey. The agent's owner is found by asking each client on the bus.
DEVICE_PAIR = '''
D = 'org.bluez.Device1'
if self.props[D]['Paired']:
    raise dbus.exceptions.DBusException('Already Exists', name='org.bluez.Error.AlreadyExists')
expected = getattr(self, 'expected_passkey', None)
if expected is not None:
    agent = getattr(objects['/org/bluez'], 'default_agent', None)
    if not agent:
        raise dbus.exceptions.DBusException('Authentication Failed', name='org.bluez.Error.AuthenticationFailed')
    answer = None
    for name in self.connection.list_names():
        if answer is not None or not name.startswith(':') or name == self.connection.get_unique_name():
            continue
        try:
            answer = self.connection.call_blocking(name, agent, 'org.bluez.Agent1', 'RequestPasskey', 'o', [self.path], timeout=5)
        except dbus.exceptions.DBusException:
            pass
    if answer is None or int(answer) != int(expected):
        raise dbus.exceptions.DBusException('Authentication Failed', name='org.bluez.Error.AuthenticationFailed')
self.UpdateProperties(D, {'Paired': dbus.Boolean(True)})
self.paired = True
'''

MOCK_REQUIRE_PASSKEY = '''
self.expected_passkey = int(args[0])
'''

# org.bluez.Mock on the device object (test-side controls)
MOCK_SIM_DISCONNECT = _DROP_LINK   # remote side went away (idempotent)
MOCK_SIM_CONNECT = _MAKE_LINK      # link (re)established, services resolved (idempotent)
MOCK_SET_CONNECT_ERROR = '''
self.connect_error = (str(args[0]), str(args[1])) if args[0] else None
'''

# ---- Glucose RACP (0x2A52) ------------------------------------------------
# Records live in self.records (list of bytes: complete 0x2A18 Glucose Measurement values,
# sequence number = bytes 1..2 LE).  Set via org.bluez.Mock.SetRecords(aay) on the RACP object.
RACP_WRITE = _CHECK_CONNECTED + '''
I = 'org.bluez.GattCharacteristic1'
req = bytes(args[0])
self.last_written = req
if not self.props[I]['Notifying']:
    # real meters reject RACP writes until indications are enabled on RACP (ATT 0xFD)
    raise dbus.exceptions.DBusException('Operation failed with ATT error: 0xfd', name='org.bluez.Error.Failed')
svc = str(self.props[I]['Service'])
meas = None
for _p in list(objects.keys()):
    _o = objects[_p]
    if _p.startswith(svc + '/') and I in _o.props and str(_o.props[I]['UUID']).lower().startswith('00002a18'):
        meas = _o
records = list(getattr(self, 'records', []))
op = req[0] if len(req) > 0 else 0
oper = req[1] if len(req) > 1 else 0
rc = 0x01
selected = []
if op == 0x03:                       # abort
    selected = []
elif op not in (0x01, 0x02, 0x04):
    rc = 0x02                        # op code not supported
elif oper == 0x01:                   # all
    selected = records
elif oper == 0x05:                   # first
    selected = records[:1]
elif oper == 0x06:                   # last
    selected = records[-1:]
elif oper in (0x02, 0x03, 0x04):
    if len(req) < 3 or req[2] != 0x01:
        rc = 0x09                    # operand not supported (only filter type 0x01 = sequence no.)
    elif (oper != 0x04 and len(req) != 5) or (oper == 0x04 and len(req) != 7):
        rc = 0x05                    # invalid operand
    else:
        a = req[3] | (req[4] << 8)
        b = (req[5] | (req[6] << 8)) if oper == 0x04 else 0
        for r in records:
            s = r[1] | (r[2] << 8)
            if (oper == 0x02 and s <= a) or (oper == 0x03 and s >= a) or (oper == 0x04 and a <= s <= b):
                selected.append(r)
elif oper == 0x00:
    rc = 0x03                        # invalid operator
else:
    rc = 0x04                        # operator not supported
out = []                             # [(object, value bytes)] emitted after the write reply
if rc == 0x01 and op == 0x04:
    n = len(selected)
    out.append((self, bytes([0x05, 0x00, n & 0xff, (n >> 8) & 0xff])))
else:
    if rc == 0x01 and op in (0x01, 0x02) and not selected:
        rc = 0x06                    # no records found
    if rc == 0x01 and op == 0x01:
        if meas is not None and meas.props[I]['Notifying']:
            for r in selected:
                out.append((meas, bytes(r)))
    if rc == 0x01 and op == 0x02:
        keep = []
        for r in records:
            if r not in selected:
                keep.append(r)
        self.records = keep
    out.append((self, bytes([0x06, 0x00, op, rc])))
self.racp_log = getattr(self, 'racp_log', []) + [(req, len(out) - 1, rc)]
from gi.repository import GLib
def _step(items=out, iface=I):
    if items:
        _o, _v = items.pop(0)
        _o.UpdateProperties(iface, {'Value': dbus.Array(_v, signature='y')})
    return bool(items)
GLib.timeout_add(int(getattr(self, 'racp_interval_ms', 5)), _step)
'''

RACP_SET_RECORDS = '''
self.records = []
for _r in args[0]:
    self.records.append(bytes(_r))
'''

RACP_GET_RECORDS = '''
ret = []
for _r in getattr(self, 'records', []):
    ret.append(dbus.Array(_r, signature='y'))
ret = dbus.Array(ret, signature='ay')
'''


# ---------------------------------------------------------------------------
# Sample payloads
# ---------------------------------------------------------------------------

def sfloat(mantissa, exponent):
    return ((exponent & 0xF) << 12) | (mantissa & 0x0FFF)


def glucose_record(seq, year=2024, month=1, day=2, hour=8, minute=0, second=0, mg_dl=100):
    """0x2A18 Glucose Measurement: flags 0x02 (conc + type/location present, unit kg/L),
    seq u16, base time (u16 year, month, day, h, m, s), conc SFLOAT (mg/dL*1e-5 kg/L),
    type/location 0x11 (capillary whole blood / finger)."""
    return struct.pack('<BHHBBBBBHB', 0x02, seq, year, month, day, hour, minute, second,
                       sfloat(mg_dl, -5), 0x11)


def default_glucose_records(n):
    return [glucose_record(i, minute=i % 60, mg_dl=90 + i) for i in range(1, n + 1)]


# (service uuid16, [(char uuid16, flags, initial value)])
PROFILES = {
    'bp': [(0x1810, [(0x2A35, ['indicate'], b''),
                     (0x2A36, ['notify'], b''),
                     (0x2A49, ['read'], b'\x00\x00')])],
    'plx': [(0x1822, [(0x2A5F, ['notify'], b''),
                      (0x2A5E, ['indicate'], b''),
                      (0x2A60, ['read'], b'\x00\x00\x00')])],
    'glucose': [(0x1808, [(0x2A18, ['notify'], b''),
                          (0x2A34, ['notify'], b''),
                          (0x2A51, ['read'], b'\x00\x00'),
                          (0x2A52, ['write', 'indicate'], b'')])],
    'thermo': [(0x1809, [(0x2A1C, ['indicate'], b''),
                         (0x2A1E, ['notify'], b'')])],
    'scale': [(0x181D, [(0x2A9D, ['indicate'], b''),
                        (0x2A9E, ['read'], b'\x00\x00\x00\x00')])],
    'hr': [(0x180D, [(0x2A37, ['notify'], b''),
                     (0x2A38, ['read'], b'\x01')])],
    # Current Time Service: the device clock reads 2020-01-01 00:00:00 until the gateway sets it.
    'cts': [(0x1805, [(0x2A2B, ['read', 'write', 'notify'], b'\xe4\x07\x01\x01\x00\x00\x00\x03\x00\x00')])],
    'battery': [(0x180F, [(0x2A19, ['read', 'notify'], b'\x64')])],
}

DEFAULT_DEVICES = [
    ('C0:00:00:00:18:10', 'BP-Mock', 'bp'),
    ('C0:00:00:00:18:22', 'PLX-Mock', 'plx'),
    ('C0:00:00:00:18:08', 'Glucose-Mock', 'glucose'),
]


def add_gatt(root, dev_path, profiles, n_records):
    """Create GattService1/GattCharacteristic1 objects under dev_path, BlueZ-style paths."""
    handle = 0x000f
    chars = {}
    uuids = []
    for prof in profiles:
        for svc_u, char_list in PROFILES[prof]:
            handle += 1
            svc_path = f'{dev_path}/service{handle:04x}'
            uuids.append(uuid16(svc_u))
            root.AddObject(svc_path, SVC_IFACE, {
                'UUID': dbus.String(uuid16(svc_u)),
                'Device': dbus.ObjectPath(dev_path),
                'Primary': dbus.Boolean(True),
                'Includes': dbus.Array([], signature='o'),
            }, [])
            root.object_manager_emit_added(svc_path)
            for chr_u, flags, value in char_list:
                handle += 1
                chr_path = f'{svc_path}/char{handle:04x}'
                handle += 1  # value handle
                if 'notify' in flags or 'indicate' in flags:
                    handle += 1  # CCCD
                methods = [
                    ('ReadValue', 'a{sv}', 'ay', READ_VALUE),
                    ('WriteValue', 'aya{sv}', '', RACP_WRITE if chr_u == 0x2A52 else WRITE_VALUE),
                    ('StartNotify', '', '', START_NOTIFY),
                    ('StopNotify', '', '', STOP_NOTIFY),
                ]
                root.AddObject(chr_path, CHR_IFACE, {
                    'UUID': dbus.String(uuid16(chr_u)),
                    'Service': dbus.ObjectPath(svc_path),
                    'Value': dbus.Array(value, signature='y'),
                    'Notifying': dbus.Boolean(False),
                    'Flags': dbus.Array(flags, signature='s'),
                    'MTU': dbus.UInt16(247),
                }, methods)
                obj = mo.objects[chr_path]
                obj.AddMethod(MOCK_BLUEZ_IFACE, 'Notify', 'ay', 'b', MOCK_NOTIFY)
                obj.AddMethod(MOCK_BLUEZ_IFACE, 'LastWritten', '', 'ay', MOCK_LAST_WRITTEN)
                if chr_u == 0x2A52:
                    obj.records = default_glucose_records(n_records)
                    obj.AddMethod(MOCK_BLUEZ_IFACE, 'SetRecords', 'aay', '', RACP_SET_RECORDS)
                    obj.AddMethod(MOCK_BLUEZ_IFACE, 'GetRecords', '', 'aay', RACP_GET_RECORDS)
                root.object_manager_emit_added(chr_path)
                chars[f'{chr_u:04x}'] = chr_path
    return chars, uuids


# org.bluez.Mock.RestartDaemon() on '/': bluetoothd restarting — the name org.bluez changes owner.
MOCK_RESTART_DAEMON = '''
self.connection.release_name('org.bluez')
self.connection.request_name('org.bluez')
'''


def setup(root, devices, connected, paired, n_records):
    root.AddMethod(MOCK_BLUEZ_IFACE, 'RestartDaemon', '', '', MOCK_RESTART_DAEMON)
    adapter = root.AddAdapter('hci0', 'gattmock')
    out = {}
    for mac, name, profs in devices:
        profiles = profs.split('+') + ['battery']
        dev_path = root.AddDevice('hci0', mac, name)
        dev = mo.objects[dev_path]
        # replace the template's Connect/Disconnect (they don't update props / ServicesResolved)
        dev.AddMethods(DEV_IFACE, [
            ('Connect', '', '', DEVICE_CONNECT),
            ('Disconnect', '', '', DEVICE_DISCONNECT),
            ('Pair', '', '', DEVICE_PAIR),
        ])
        dev.AddMethods(MOCK_BLUEZ_IFACE, [
            ('SimulateDisconnect', '', '', MOCK_SIM_DISCONNECT),
            ('SimulateConnect', '', '', MOCK_SIM_CONNECT),
            ('SetConnectError', 'ss', '', MOCK_SET_CONNECT_ERROR),
            ('RequirePasskey', 'u', '', MOCK_REQUIRE_PASSKEY),
        ])
        chars, uuids = add_gatt(root, dev_path, profiles, n_records)
        dev.UpdateProperties(DEV_IFACE, {'UUIDs': dbus.Array(uuids, signature='s')})
        if paired:
            dev.UpdateProperties(DEV_IFACE, {'Paired': dbus.Boolean(True), 'Trusted': dbus.Boolean(True)})
            dev.paired = True
        if connected:
            dev.UpdateProperties(DEV_IFACE, {'Connected': dbus.Boolean(True),
                                             'ServicesResolved': dbus.Boolean(True)})
            dev.connected = True
        out[mac] = {'path': dev_path, 'name': name, 'chars': chars}
    return adapter, out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--address', help='bus address (default: $DBUS_SYSTEM_BUS_ADDRESS)')
    ap.add_argument('--own-bus', action='store_true', help='start a private dbus-daemon and use it')
    ap.add_argument('--device', action='append', metavar='MAC,NAME,PROFILES',
                    help='PROFILES: bp, plx, glucose joined with + (battery is always added)')
    ap.add_argument('--disconnected', action='store_true', help='devices start Connected=false')
    ap.add_argument('--unpaired', action='store_true', help='devices start Paired=false')
    ap.add_argument('--records', type=int, default=3, help='initial glucose records (seq 1..N)')
    ap.add_argument('--ready-file', help='also write the READY json here (atomically)')
    ap.add_argument('--logfile', default=os.devnull, help='dbusmock call log (default: discard)')
    a = ap.parse_args()

    daemon = None
    address = a.address or os.environ.get('DBUS_SYSTEM_BUS_ADDRESS')
    if a.own_bus:
        def _die_with_parent():
            import ctypes
            ctypes.CDLL('libc.so.6').prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
        daemon = subprocess.Popen(['dbus-daemon', '--session', '--nofork', '--nopidfile',
                                   '--print-address=1'], stdout=subprocess.PIPE, text=True,
                                  preexec_fn=_die_with_parent)
        address = daemon.stdout.readline().strip()
    if not address:
        ap.error('no bus: give --address, --own-bus or set DBUS_SYSTEM_BUS_ADDRESS')

    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    bus = dbus.bus.BusConnection(address)
    loop = GLib.MainLoop()
    bus.add_signal_receiver(lambda *x: loop.quit(), signal_name='Disconnected',
                            path='/org/freedesktop/DBus/Local',
                            dbus_interface='org.freedesktop.DBus.Local')
    bus_name = dbus.service.BusName(BLUEZ, bus, allow_replacement=True,
                                    replace_existing=True, do_not_queue=True)
    root = mo.DBusMockObject(bus_name, '/', mo.OBJECT_MANAGER_IFACE, {}, a.logfile, True)
    mo.objects['/'] = root
    root.AddTemplate('bluez5', {})

    devices = DEFAULT_DEVICES
    if a.device:
        devices = [tuple(d.split(',', 2)) for d in a.device]
    adapter, devs = setup(root, devices, not a.disconnected, not a.unpaired, a.records)

    ready = json.dumps({'address': address, 'adapter': adapter, 'devices': devs})
    if a.ready_file:
        tmp = a.ready_file + '.tmp'
        with open(tmp, 'w') as f:
            f.write(ready + '\n')
        os.replace(tmp, a.ready_file)
    sys.stdout.write('READY ' + ready + '\n')
    sys.stdout.flush()

    for s in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, s, lambda: (loop.quit(), False)[1])
    try:
        loop.run()
    finally:
        if daemon:
            daemon.terminate()
            daemon.wait(5)


if __name__ == '__main__':
    main()
