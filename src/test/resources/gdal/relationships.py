# Prints the relationships GDAL finds in a dataset, one a line: name, left table, right table, mapping
# table, related table type. ogrinfo 3.6 does not print them (3.7 does), so this asks GDAL's C API
# (GDALDatasetGetRelationshipNames, GDAL >= 3.6) through ctypes. Used by PhotoGeoPackageGdalIT.
import ctypes
import ctypes.util
import sys

gdal = ctypes.CDLL(ctypes.util.find_library("gdal") or "libgdal.so.32")
gdal.GDALAllRegister()
gdal.GDALOpenEx.restype = ctypes.c_void_p
gdal.GDALOpenEx.argtypes = [ctypes.c_char_p, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
gdal.GDALDatasetGetRelationshipNames.restype = ctypes.POINTER(ctypes.c_char_p)
gdal.GDALDatasetGetRelationshipNames.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
gdal.GDALDatasetGetRelationship.restype = ctypes.c_void_p
gdal.GDALDatasetGetRelationship.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
getters = ["GetLeftTableName", "GetRightTableName", "GetMappingTableName", "GetRelatedTableType"]
for g in getters:
    getattr(gdal, "GDALRelationship" + g).restype = ctypes.c_char_p
    getattr(gdal, "GDALRelationship" + g).argtypes = [ctypes.c_void_p]

GDAL_OF_VECTOR = 0x04
ds = gdal.GDALOpenEx(sys.argv[1].encode(), GDAL_OF_VECTOR, None, None, None)
if not ds:
    sys.exit("GDAL cannot open " + sys.argv[1])
names = gdal.GDALDatasetGetRelationshipNames(ds, None)
i = 0
while names and names[i]:
    r = gdal.GDALDatasetGetRelationship(ds, names[i])
    print(" ".join([names[i].decode()] + [getattr(gdal, "GDALRelationship" + g)(r).decode() for g in getters]))
    i += 1
gdal.GDALClose.argtypes = [ctypes.c_void_p]
gdal.GDALClose(ds)
