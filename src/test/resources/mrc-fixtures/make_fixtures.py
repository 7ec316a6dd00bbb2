#!/usr/bin/python3
"""Writes the MRC interoperability fixtures with CCP-EM mrcfile (an implementation independent of
ours). Run with Debian's python3-mrcfile (1.4.3) and numpy:  /usr/bin/python3 make_fixtures.py
in this folder. MrcFixtureTest asserts the same values from the Java reader.

Every file holds NX=5, NY=4, NZ=3 voxels; voxel i = x + 5*y + 20*z (0..59) stores:
  mode 0  : i - 30                       (int8)
  mode 1  : 100*i - 3000                 (int16)
  mode 2  : float32((i - 20) * 0.37)     (rounded from double)
  mode 4  : complex64((i - 20) * 0.5, 2*i)   (the Java reader returns the real part)
  mode 6  : 1000*i                       (uint16)
  mode 12 : (i - 20) * 0.125             (float16, exact)
Voxel size (x, y, z) = (1.5, 2.5, 3.5) A, origin (10, 20, 30) A, unless stated otherwise.
"""
import struct

import mrcfile
import numpy as np

NX, NY, NZ = 5, 4, 3
I = np.arange(NX * NY * NZ, dtype=np.float64).reshape(NZ, NY, NX)
VALUES = {
    0: (I - 30).astype(np.int8),
    1: (100 * I - 3000).astype(np.int16),
    2: ((I - 20) * 0.37).astype(np.float32),
    4: ((I - 20) * 0.5 + 1j * (2 * I)).astype(np.complex64),
    6: (1000 * I).astype(np.uint16),
    12: ((I - 20) * 0.125).astype(np.float16),
}
VOXEL = (1.5, 2.5, 3.5)
ORIGIN = (10.0, 20.0, 30.0)


def write(name, data, order='<', ext=None, exttyp=None, stack=False):
    with mrcfile.new(name, overwrite=True) as m:
        m.set_data(data.astype(data.dtype.newbyteorder(order)) if data.dtype.itemsize > 1 else data)
        if stack:
            m.set_image_stack()
        m.voxel_size = VOXEL
        m.header.origin = ORIGIN
        if ext is not None:
            m.set_extended_header(ext)
            m.header.exttyp = exttyp
        m.update_header_stats()


for mode, data in VALUES.items():
    for order, tag in (('<', 'le'), ('>', 'be')):
        if mode == 0 and order == '>':
            continue  # numpy int8 has no byte order: mrcfile writes a little-endian header (see below)
        write('mode%d_%s.mrc' % (mode, tag), data, order)
    # AGAR-typed extended header of 384 bytes (arbitrary contents) in front of the data
    write('mode%d_le_ext.mrc' % mode, data, '<', np.arange(384, dtype=np.uint8), b'AGAR')
write('mode2_be_ext.mrc', VALUES[2], '>', np.arange(384, dtype=np.uint8), b'AGAR')

# image stack (ISPG 0, MZ 1)
write('stack_mode2.mrcs', VALUES[2], '<', stack=True)

# FEI1 extended header (one block per image), uint16 stack, big-endian
fei_dtype = mrcfile.dtypes.get_ext_header_dtype(b'FEI1', '>')
fei = np.zeros(NZ, dtype=fei_dtype)
fei['Metadata size'] = fei_dtype.itemsize
fei['Alpha tilt'] = (-60.0, 0.0, 60.0)
write('fei1_mode6_be_stack.mrc', VALUES[6], '>', fei, b'FEI1', stack=True)

# volume stack (ISPG 401): two volumes of 3 sections, read as 6 sections
with mrcfile.new('volstack_ispg401.mrc', overwrite=True) as m:
    m.set_data(np.concatenate([VALUES[2], VALUES[2] + 100]).reshape(2, NZ, NY, NX))
    m.voxel_size = VOXEL
    m.header.origin = ORIGIN
    m.update_header_stats()


def swap_header_to_big_endian(raw):
    """Re-packs the 56 header words big-endian (char fields kept) and sets stamp 0x11 0x11."""
    out = bytearray(raw)
    for off in range(0, 224, 4):
        if off in (104, 208, 212):
            continue
        out[off:off + 4] = raw[off:off + 4][::-1]
    out[212:216] = b'\x11\x11\x00\x00'
    return bytes(out)


# hand-made big-endian mode 0 (struct-level; mrcfile cannot produce it from int8 data)
with open('mode0_le.mrc', 'rb') as f:
    raw = f.read()
with open('mode0_be_handmade.mrc', 'wb') as f:
    f.write(swap_header_to_big_endian(raw[:1024]) + raw[1024:])


def patch(name, src, words, raw_bytes=None, data=None):
    """Copies src with int32/float32 header words replaced: words = {offset: ('<i'|'<f', value)}."""
    with open(src, 'rb') as f:
        b = bytearray(f.read())
    for off, (fmt, val) in words.items():
        b[off:off + 4] = struct.pack(fmt, val)
    for off, val in (raw_bytes or {}).items():
        b[off:off + len(val)] = val
    if data is not None:
        b[1024 + struct.unpack('<i', bytes(b[92:96]))[0]:] = data
    with open(name, 'wb') as f:
        f.write(bytes(b))


IMOD_STAMP = 1146047817
# IMOD file with unsigned bytes: IMOD stamp, flags = 4 (origin MRC2014 sign, bit 1 clear = unsigned)
unsigned = (4 * I).astype(np.uint8)  # 0..236, above 127 from i = 32 on
patch('imod_unsigned_mode0.mrc', 'mode0_le.mrc',
      {152: ('<i', IMOD_STAMP), 156: ('<i', 4), 76: ('<f', 0.0), 80: ('<f', 236.0),
       84: ('<f', float(unsigned.mean())), 216: ('<f', float(unsigned.std()))},
      data=unsigned.tobytes())

# legacy IMOD/SerialEM-style volume: NVERSION 0, ISPG 0 with MZ = NZ, old stamp 0x44 0x41, IMOD stamp with
# flags = 1 (signed bytes only, so ORIGIN has IMOD's sign: stored -10,-20,-30 means MRC2014 10,20,30),
# SERI-like extended header without EXTTYP (nint = 2 bytes per section, nreal = 1 = tilt angle x 100).
seri = struct.pack('<3h', -6000, 0, 6000)
with mrcfile.new('imod_legacy_nversion0.mrc', overwrite=True) as m:
    m.set_data(VALUES[1])
    m.voxel_size = VOXEL
    m.set_extended_header(np.frombuffer(seri, dtype=np.uint8))
    m.update_header_stats()
patch('imod_legacy_nversion0.mrc', 'imod_legacy_nversion0.mrc',
      {108: ('<i', 0), 88: ('<i', 0), 36: ('<i', NZ), 48: ('<f', VOXEL[2] * NZ),
       152: ('<i', IMOD_STAMP), 156: ('<i', 1),
       196: ('<f', -ORIGIN[0]), 200: ('<f', -ORIGIN[1]), 204: ('<f', -ORIGIN[2])},
      raw_bytes={104: b'\x00\x00\x00\x00', 128: struct.pack('<hh', 2, 1), 212: b'\x44\x41\x00\x00'})

print('fixtures written')
