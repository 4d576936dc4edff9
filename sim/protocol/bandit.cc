// The bandit protocol's loop file (bandit.h): one replicate is the learner's own round loop,
// compiled per algorithm in bandit_loop.h; and the protocol's registration.
#include "sim/protocol/bandit.h"

namespace regretlab::protocol {

void BanditProtocol::RunReplicate(BanditLearner& learner, BanditEnvironment& environment,
                                  ReplicateStreams& streams,
                                  CheckpointWriter<BanditProtocol>& writer) {
  learner.RunReplicate(environment, streams.learner, writer);
}

REGRETLAB_REGISTER_PROTOCOL(BanditProtocol);

}  // namespace regretlab::protocol
