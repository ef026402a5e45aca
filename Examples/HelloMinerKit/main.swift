import MinerKit
