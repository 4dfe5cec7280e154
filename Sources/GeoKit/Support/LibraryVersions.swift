internal import CGEOS
internal import CPROJ
internal import CGDAL

/// The versions of the C libraries this process runs with, for run records (`GEOSversion`,
/// `proj_info`, `GDALVersionInfo`).
public enum LibraryVersions {
    public static var all: [String: String] {
        GDALRuntime.ensure()
        var v: [String: String] = [:]
        if let g = GEOSversion() { v["GEOS"] = String(cString: g) }
        if let p = proj_info().release { v["PROJ"] = String(cString: p) }
        if let d = GDALVersionInfo("RELEASE_NAME") { v["GDAL"] = String(cString: d) }
        return v
    }
}
