import Foundation
import Testing
@testable import EcoZone

@Suite struct SHA256Tests {
    /// FIPS 180-4 / NIST example vectors.
    @Test func knownDigests() {
        func hex(_ s: String) -> String { var h = SHA256(); h.update(Data(s.utf8)); return h.finalize() }
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // One million 'a', fed in uneven pieces.
        var h = SHA256()
        var left = 1_000_000
        var piece = 1
        while left > 0 { let n = min(piece, left); h.update(Data(repeating: 0x61, count: n)); left -= n; piece = piece * 3 % 997 + 1 }
        #expect(h.finalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

@Suite struct CSVTableTests {
    @Test func bomQuotingAndLineEnds() {
        let t = Table(headers: ["名称", "面积 (km²)"], numeric: [1], rows: [["南泉市级森林自然公园", "24.21"], ["a,b", "say \"hi\""]])
        let bytes = [UInt8](t.csvData)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text == "名称,面积 (km²)\r\n南泉市级森林自然公园,24.21\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n")
    }
}
