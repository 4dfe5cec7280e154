// swift-tools-version:6.0
import PackageDescription

// EcoZone: spatial analysis for ecological protection and restoration plans.
// Layers, bottom to top: C system libraries → GeoKit (safe Swift over GEOS/PROJ/GDAL)
// → EcoZone (analysis core) → ecozone (command-line tool). See README.md.
let package = Package(
    name: "EcoZone",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "GeoKit", targets: ["GeoKit"]),
        .library(name: "EcoZone", targets: ["EcoZone"]),
        .executable(name: "ecozone", targets: ["ecozone"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .target(name: "GeoKit", dependencies: ["CGEOS", "CPROJ", "CGDAL"]),
        .target(name: "EcoZone", dependencies: ["GeoKit", "CLibYAML"]),
        .executableTarget(
            name: "ecozone",
            dependencies: ["EcoZone", "GeoKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Measuring tool for scripts/bench-*: runs one engine step on raw inputs, prints timings.
        .executableTarget(name: "ecozone-bench", dependencies: ["EcoZone"]),
        .testTarget(name: "GeoKitTests", dependencies: ["GeoKit"], exclude: ["Fixtures"]),
        .testTarget(name: "EcoZoneTests", dependencies: ["EcoZone", "GeoKit"], exclude: ["Fixtures"]),
        .testTarget(name: "ecozoneTests", dependencies: ["ecozone"], exclude: ["Fixtures"]),
    ]
)
